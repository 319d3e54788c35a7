import type { AreaTrafficPoint, SystemTraffic, TrafficArea } from '@hotpath/contracts';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLL_TABLES } from './support/polls-helpers';
import { eventually, resetState, startApi } from './support/test-app';
import { ADMIN } from './support/test-env';

async function call(
  api: NestFastifyApplication,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${await api.getUrl()}${path}`, {
    method,
    headers: body === undefined ? ADMIN : { ...ADMIN, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function total(traffic: SystemTraffic, area: TrafficArea, field: 'requests' | 'errors'): number {
  const points: AreaTrafficPoint[] = traffic.areas.find((entry) => entry.area === area)?.points ?? [];
  return points.reduce((sum, point) => sum + point[field], 0);
}

describe('GET /system/traffic: recent traffic summed over two API instances', () => {
  let first: NestFastifyApplication;
  let second: NestFastifyApplication;

  beforeAll(async () => {
    first = await startApi();
    second = await startApi();
    await resetState(first, POLL_TABLES);
    await first.listen({ port: 0, host: '127.0.0.1' });
    await second.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('counts the requests of both instances per area, with p99 and the queue backlog per step', async () => {
    const created = await call(first, 'POST', '/polls', {
      question: 'Traffic?',
      options: ['a', 'b'],
      multiple: false,
    });
    expect(created.status).toBe(201);
    const poll = ((await created.json()) as { data: { id: number; options: { id: number }[] } }).data;
    // No worker runs: the five ballot jobs wait in the queue.
    for (const api of [first, first, first, second, second]) {
      expect(
        (await call(api, 'POST', `/polls/${poll.id}/votes`, { optionIds: [poll.options[0]!.id] })).status,
      ).toBe(202);
    }
    for (const api of [second, second])
      expect((await call(api, 'GET', `/polls/${poll.id}`)).status).toBe(200);
    for (const api of [first, first, first, second, second]) {
      expect((await call(api, 'GET', '/payments/statistics')).status).toBe(200);
    }
    for (let i = 0; i < 4; i++)
      expect((await call(first, 'GET', `/subscribers/nobody${i}%40example.org`)).status).toBe(404);

    let traffic: SystemTraffic | undefined;
    // Each instance adds its counts once its 10 s step is over.
    await eventually(
      async () => {
        const response = await call(second, 'GET', '/system/traffic?minutes=2');
        expect(response.status).toBe(200);
        traffic = (await response.json()) as SystemTraffic;
        expect(total(traffic, 'polls', 'requests')).toBe(8);
        expect(total(traffic, 'payments', 'requests')).toBe(5);
        expect(total(traffic, 'subscribers', 'requests')).toBe(4);
        const votes = traffic.queues.find((queue) => queue.queue === 'poll-votes')?.points ?? [];
        expect(votes.some((point) => point.waiting === 5 && (point.oldestWaitingSeconds ?? 0) > 0)).toBe(
          true,
        );
      },
      30_000,
      500,
    );
    expect(traffic!.stepSeconds).toBe(10);
    expect(traffic!.areas.map((area) => area.area)).toEqual([
      'subscribers',
      'polls',
      'payments',
      'deliverability',
      'analytics',
      'other',
    ]);
    for (const area of traffic!.areas) expect(area.points).toHaveLength(12);
    expect(total(traffic!, 'polls', 'errors') + total(traffic!, 'payments', 'errors')).toBe(0);
    expect(total(traffic!, 'deliverability', 'requests')).toBe(0);
    const busy = traffic!.areas
      .find((area) => area.area === 'polls')!
      .points.filter((point) => point.requests > 0);
    expect(busy.every((point) => point.p99Ms !== null && point.p99Ms > 0)).toBe(true);
    const idle = traffic!.areas.find((area) => area.area === 'analytics')!.points;
    expect(idle.every((point) => point.p99Ms === null)).toBe(true);
  }, 60_000);

  it('answers 422 for a range it does not keep', async () => {
    const response = await call(first, 'GET', '/system/traffic?minutes=60');
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ details: [{ field: 'minutes' }] });
  });
});
