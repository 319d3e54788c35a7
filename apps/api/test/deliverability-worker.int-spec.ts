import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DomainReport, Envelope } from '@hotpath/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  completeCounters,
  DELIVERABILITY_TABLES,
  drained,
  eventsQueue,
  redisCounters,
  statusCounts,
  storedDomains,
} from './support/deliverability-helpers';
import { eventually, resetState, startApi } from './support/test-app';
import { WorkerProcess } from './support/worker-process';

let api: NestFastifyApplication;
const workers: WorkerProcess[] = [];

async function startWorkerProcess(env: Record<string, string> = {}): Promise<WorkerProcess> {
  const worker = await WorkerProcess.start(env);
  workers.push(worker);
  return worker;
}

/** `requests` bodies of `perRequest` events spread over `domains` domains; every 7th event a bounce. */
function batches(prefix: string, requests: number, perRequest: number, domains: number) {
  const expected = new Map<string, { delivered: number; bounced: number }>();
  const bodies = Array.from({ length: requests }, (_, request) =>
    Array.from({ length: perRequest }, (_, index) => {
      const domain = `${prefix}-${(request * 31 + index) % domains}.example`;
      const type = (request + index) % 7 === 0 ? ('bounced' as const) : ('delivered' as const);
      const counts = expected.get(domain) ?? { delivered: 0, bounced: 0 };
      counts[type]++;
      expected.set(domain, counts);
      return { domain, type };
    }),
  );
  return { bodies, expected };
}

async function expectExactly(expected: Map<string, { delivered: number; bounced: number }>): Promise<void> {
  const stored = await storedDomains(api);
  expect(stored.size).toBe(expected.size);
  const perStatus: Record<string, number> = {};
  for (const [domain, counts] of expected) {
    const status = counts.bounced > 0 ? 'not catch-all' : counts.delivered > 1000 ? 'catch-all' : 'unknown';
    perStatus[status] = (perStatus[status] ?? 0) + 1;
    expect(stored.get(domain)).toEqual({ name: domain, status, ...counts });
  }
  expect(await statusCounts(api)).toEqual(perStatus);
  // Redis (the read path) agrees with MySQL for every domain; the HTTP answer for a sample.
  const inRedis = await Promise.all([...expected.keys()].map((domain) => redisCounters(api, domain)));
  expect(inRedis).toEqual([...expected.values()].map((counts) => `${counts.delivered}:${counts.bounced}`));
  for (const domain of [...expected.keys()].slice(0, 25)) {
    const response = await api.inject({ method: 'GET', url: `/domains/${domain}` });
    expect(response.json<Envelope<DomainReport>>().data).toMatchObject(expected.get(domain)!);
  }
}

beforeAll(async () => {
  api = await startApi();
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

afterAll(async () => {
  await api?.close();
});

beforeEach(async () => {
  await resetState(api, DELIVERABILITY_TABLES);
  await completeCounters(api);
});

describe('exactly once with real worker processes', () => {
  it('counts every acknowledged event once when the worker is SIGKILLed in the middle of a batch', async () => {
    // The first worker holds each batch's transaction open for 3 s before commit: the kill lands inside it.
    const doomed = await startWorkerProcess({ WRITE_BEHIND_APPLY_DELAY_MS: '3000' });
    const { bodies, expected } = batches('killed', 3, 10_000, 2000);
    for (const body of bodies) {
      const response = await api.inject({ method: 'POST', url: '/events', payload: body });
      expect(response.statusCode).toBe(202);
    }
    const queue = eventsQueue(api);
    await eventually(async () => {
      expect((await queue.getJobCounts()).active).toBeGreaterThan(0);
    }, 10_000);
    await sleep(300);
    await doomed.kill();
    const rows: Array<{ n: string | number }> = await api
      .get(DataSource)
      .query('SELECT COUNT(*) AS n FROM domains');
    expect(Number(rows[0]?.n), 'nothing was committed before the kill').toBe(0);

    // A fresh worker takes the stalled batch over once its lock expires, and applies it from scratch.
    await startWorkerProcess();
    await drained(api, 30_000);
    await expectExactly(expected);
    const total = [...(await storedDomains(api)).values()].reduce(
      (sum, row) => sum + row.delivered + row.bounced,
      0,
    );
    expect(total).toBe(30_000);
  }, 60_000);

  it('counts exactly once with two workers applying overlapping batches at the same time', async () => {
    await Promise.all([startWorkerProcess(), startWorkerProcess()]);
    // 24 concurrent requests over the same 300 domains: batches on both workers lock the same rows.
    const { bodies, expected } = batches('pair', 24, 2500, 300);
    const responses = await Promise.all(
      bodies.map((body) => api.inject({ method: 'POST', url: '/events', payload: body })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(bodies.map(() => 202));
    await drained(api, 30_000);
    await expectExactly(expected);
  }, 60_000);
});
