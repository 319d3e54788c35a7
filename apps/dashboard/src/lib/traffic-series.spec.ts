import type { SystemTraffic } from '@hotpath/contracts';
import { describe, expect, it } from 'vitest';
import { latestValue, trafficCharts } from './traffic-series';

const traffic: SystemTraffic = {
  stepSeconds: 10,
  from: '2026-01-01T10:00:00.000Z',
  to: '2026-01-01T10:00:30.000Z',
  areas: [
    {
      area: 'polls',
      points: [
        { at: '2026-01-01T10:00:00.000Z', requests: 50, errors: 1, p99Ms: 12.5 },
        { at: '2026-01-01T10:00:10.000Z', requests: 0, errors: 0, p99Ms: null },
        { at: '2026-01-01T10:00:20.000Z', requests: 200, errors: 0, p99Ms: 8 },
      ],
    },
    { area: 'payments', points: [{ at: '2026-01-01T10:00:20.000Z', requests: 5, errors: 5, p99Ms: 30 }] },
  ],
  queues: [
    {
      queue: 'poll-votes',
      points: [
        { at: '2026-01-01T10:00:10.000Z', waiting: 3, failed: 0, oldestWaitingSeconds: 1.5 },
        { at: '2026-01-01T10:00:20.000Z', waiting: 0, failed: 2, oldestWaitingSeconds: null },
      ],
    },
  ],
};

describe('trafficCharts', () => {
  it('aligns every series on the same steps and derives rates per second and error shares', () => {
    const charts = trafficCharts(traffic);
    expect(charts.steps).toEqual(['2026-01-01T10:00:00.000Z', '2026-01-01T10:00:10.000Z', '2026-01-01T10:00:20.000Z']);
    expect(charts.requestRate).toEqual([
      { label: 'polls', values: [5, 0, 20] },
      { label: 'payments', values: [null, null, 0.5] },
    ]);
    expect(charts.p99[0]?.values).toEqual([12.5, null, 8]);
    // No request, no error rate: a gap, not a 0 % that would look like health.
    expect(charts.errorRate).toEqual([
      { label: 'polls', values: [2, null, 0] },
      { label: 'payments', values: [null, null, 100] },
    ]);
    expect(charts.queueDepth).toEqual([{ label: 'poll-votes', values: [null, 3, 0] }]);
    expect(charts.queueLag).toEqual([{ label: 'poll-votes', values: [null, 1.5, 0] }]);
  });

  it('reads the latest figure of a series, skipping trailing gaps', () => {
    expect(latestValue({ label: 'x', values: [1, 2, null] })).toBe(2);
    expect(latestValue({ label: 'x', values: [null] })).toBeNull();
  });
});
