import { describe, expect, it } from 'vitest';
import {
  AREA_INDEX,
  buildSystemTraffic,
  queueSampleFields,
  StepCounts,
  stepOf,
  TRAFFIC_STEP_SECONDS,
} from './traffic-steps';

/** What HINCRBY of several processes' fields leaves in one step's hash. */
function summed(...processes: StepCounts[]): Record<string, string> {
  const hash: Record<string, number> = {};
  for (const counts of processes)
    for (const [field, value] of counts.toFields()) hash[field] = (hash[field] ?? 0) + value;
  return Object.fromEntries(Object.entries(hash).map(([field, value]) => [field, String(value)]));
}

describe('traffic steps', () => {
  it('numbers steps by their start', () => {
    expect(stepOf(0)).toBe(0);
    expect(stepOf(TRAFFIC_STEP_SECONDS * 1000 - 1)).toBe(0);
    expect(stepOf(TRAFFIC_STEP_SECONDS * 1000 * 7 + 5)).toBe(7);
  });

  it('sums the counts of every process per area and computes p99 from the buckets', () => {
    const polls = AREA_INDEX.get('polls')!;
    const payments = AREA_INDEX.get('payments')!;
    const first = new StepCounts();
    const second = new StepCounts();
    for (let i = 0; i < 60; i++) first.add(polls, 202, 0.8);
    for (let i = 0; i < 40; i++) second.add(polls, 202, 0.9);
    second.add(payments, 201, 30);
    second.add(payments, 503, 2);
    expect(new StepCounts().empty).toBe(true);
    expect(new StepCounts().toFields()).toEqual([]);

    const traffic = buildSystemTraffic(100, [summed(first, second), {}]);
    expect(traffic.stepSeconds).toBe(TRAFFIC_STEP_SECONDS);
    expect(traffic.from).toBe(new Date(100 * TRAFFIC_STEP_SECONDS * 1000).toISOString());
    expect(traffic.to).toBe(new Date(102 * TRAFFIC_STEP_SECONDS * 1000).toISOString());
    const byArea = Object.fromEntries(traffic.areas.map((area) => [area.area, area.points]));
    expect(byArea['polls']![0]).toEqual({ at: traffic.from, requests: 100, errors: 0, p99Ms: 0.99 });
    expect(byArea['payments']![0]).toMatchObject({ requests: 2, errors: 1 });
    // Rank 1.98 of 2 falls in the 25-50 ms bucket holding the 30 ms request.
    expect(byArea['payments']![0]!.p99Ms).toBeCloseTo(25 + 25 * 0.98);
    expect(byArea['polls']![1]).toMatchObject({ requests: 0, errors: 0, p99Ms: null });
    expect(byArea['subscribers']![0]!.requests).toBe(0);
  });

  it('reads queue samples back per step', () => {
    const fields = queueSampleFields([
      { queue: 'poll-votes', waiting: 12, active: 1, delayed: 0, failed: 3, oldestWaitingSeconds: 4.25 },
      { queue: 'analytics-events', waiting: 0, active: 0, delayed: 0, failed: 0, oldestWaitingSeconds: null },
    ]);
    const traffic = buildSystemTraffic(5, [fields]);
    const byQueue = Object.fromEntries(traffic.queues.map((queue) => [queue.queue, queue.points[0]]));
    expect(byQueue['poll-votes']).toMatchObject({ waiting: 12, failed: 3, oldestWaitingSeconds: 4.25 });
    expect(byQueue['analytics-events']).toMatchObject({ waiting: 0, failed: 0, oldestWaitingSeconds: null });
  });
});
