import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, PrivateRedis } from '../support/private-servers';
import { ApiProcess } from './support/api-process';
import { FaultStack } from './support/fault-stack';
import { checkAnalytics, checkDomains } from './support/stored-writes';
import type { Outcome } from './support/request-streams';

const MAX_PENDING = 200;
const EVENT_JOBS = 10;
const EVENTS_PER_JOB = 1000;

let stack: FaultStack;
let redis: Redis;
const analytics: Outcome[] = [];
const events: Outcome[] = [];

beforeAll(async () => {
  stack = await FaultStack.start({ appendonly: true });
  await stack.startApi({ WRITE_BEHIND_MAX_PENDING: String(MAX_PENDING), REQUIRE_DURABLE_REDIS: 'on' });
  redis = new Redis(stack.redis.url(0));
});

afterAll(async () => {
  redis.disconnect();
  await stack.destroy();
});

async function usedMemory(): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1]);
}

async function click(n: number): Promise<Outcome> {
  const id = `bp-u${n}`;
  const started = Date.now();
  const response = await fetch(`${stack.api!.url}/analytics?timestamp=${Date.now()}&user=${id}&click`, {
    method: 'POST',
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.text();
  return {
    id,
    status: response.status,
    ms: Date.now() - started,
    retryAfter: response.headers.get('retry-after'),
    body,
    sentAt: started,
  };
}

describe('guards', () => {
  it('refuses to start in production with the placeholder ADMIN_TOKEN, naming the variable', async () => {
    const api = ApiProcess.spawn(
      { ...stack.env(), NODE_ENV: 'production', ADMIN_TOKEN: 'change-me-to-a-long-random-string' },
      await freePort(),
    );
    expect(await api.waitForExit()).toBe(1);
    expect(api.output.join('\n')).toMatch(/ADMIN_TOKEN: is still the placeholder/);
  });

  it('is not ready on a Redis that does not log writes when REQUIRE_DURABLE_REDIS=on, and ready on one with AOF', async () => {
    const volatile = await PrivateRedis.start({ appendonly: false });
    const api = await ApiProcess.start(
      { ...stack.env(), REDIS_URL: volatile.url(0), REQUIRE_DURABLE_REDIS: 'on' },
      await freePort(),
    );
    try {
      const refused = await fetch(`${api.url}/health/ready`);
      expect(refused.status).toBe(503);
      const body = (await refused.json()) as { message: string };
      expect(body.message).toMatch(/persistence is off \(appendonly no\)/);
    } finally {
      await Promise.all([api.stop(), volatile.destroy()]);
    }
    const durable = await fetch(`${stack.api!.url}/health/ready`);
    expect(durable.status).toBe(200);
    expect(await durable.json()).toMatchObject({ checks: { redisPersistence: 'aof' } });
  });

  it(`answers 503 past ${MAX_PENDING} waiting jobs while the worker is stopped, and loses nothing once it runs`, async () => {
    // Worker stopped: measure what waiting jobs cost Redis, then fill the analytics queue to its bound.
    const before = await usedMemory();
    for (let job = 0; job < EVENT_JOBS; job++) {
      const batch = Array.from({ length: EVENTS_PER_JOB }, (_, i) => ({
        domain: `bp-${job}-${i}.faults.test`,
        type: 'delivered',
      }));
      const response = await fetch(`${stack.api!.url}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      });
      expect(response.status).toBe(202);
      batch.forEach((event) =>
        events.push({ id: event.domain, status: 202, ms: 0, retryAfter: null, body: '', sentAt: 0 }),
      );
    }
    const afterEvents = await usedMemory();

    let n = 0;
    for (;;) {
      const outcome = await click(n++);
      analytics.push(outcome);
      if (outcome.status !== 204) break;
      expect(n, 'no 503 long past the bound').toBeLessThan(MAX_PENDING * 2);
    }
    const afterClicks = await usedMemory();
    const acceptedClicks = analytics.filter((outcome) => outcome.status === 204).length;
    // The depth is read at most every 100 ms, so a few writes may slip in past the bound, never many.
    expect(acceptedClicks).toBeGreaterThanOrEqual(MAX_PENDING);
    expect(acceptedClicks).toBeLessThan(MAX_PENDING + 50);
    const refusedUntil = Date.now() + 1000;
    while (Date.now() < refusedUntil) analytics.push(await click(n++));
    const refused = analytics.filter((outcome) => outcome.status !== 204);
    expect(refused.length).toBeGreaterThan(1);
    for (const outcome of refused) {
      expect(outcome.status).toBe(503);
      expect(outcome.retryAfter).not.toBeNull();
      expect(outcome.body).toMatch(/too many writes are waiting/);
    }
    console.log(
      `[faults] Redis memory of waiting jobs: ${Math.round((afterEvents - before) / (EVENT_JOBS * EVENTS_PER_JOB))} bytes per ` +
        `deliverability delta in ${EVENTS_PER_JOB}-delta jobs; ${Math.round((afterClicks - afterEvents) / acceptedClicks)} bytes ` +
        `per one-event analytics job (${acceptedClicks} jobs)`,
    );

    await stack.startWorker();
    await stack.drained();
    const sql = await stack.sql();
    try {
      const clicks = await checkAnalytics(
        sql,
        analytics,
        analytics.filter((outcome) => outcome.status === 204),
      );
      expect(clicks).toMatchObject({
        lostOrDoubled: [],
        unknown: [],
        mismatches: [],
        stored: acceptedClicks,
      });
      const domains = await checkDomains(sql, events, events);
      expect(domains).toMatchObject({
        lostOrDoubled: [],
        unknown: [],
        mismatches: [],
        stored: EVENT_JOBS * EVENTS_PER_JOB,
      });
    } finally {
      await sql.end();
    }
  });

  it('keeps retrying write batches through a MariaDB outage, counts the failed attempts, and applies them after', async () => {
    await stack.mariadb.kill();
    const during: Outcome[] = [];
    for (let n = 0; n < 30; n++) during.push(await click(100_000 + n));
    expect(during.map((outcome) => outcome.status)).toEqual(during.map(() => 204));
    analytics.push(...during);

    let seen = '';
    const deadline = Date.now() + 30_000;
    for (;;) {
      const queue = (await stack.status()).queues.find((entry) => entry.name === 'analytics-events');
      seen = JSON.stringify(queue);
      if (queue !== undefined && queue.failedAttempts >= 3) {
        expect(queue.failed, 'a write batch was given up on').toBe(0);
        break;
      }
      expect(Date.now(), `no failed attempts counted: ${seen}`).toBeLessThan(deadline);
      await sleep(500);
    }
    await stack.mariadb.start();
    await stack.drained();
    const sql = await stack.sql();
    try {
      const accepted = analytics.filter((outcome) => outcome.status === 204);
      expect(await checkAnalytics(sql, analytics, accepted)).toMatchObject({
        lostOrDoubled: [],
        unknown: [],
        mismatches: [],
        stored: accepted.length,
      });
    } finally {
      await sql.end();
    }
    expect(stack.worker!.alive).toBe(true);
  });
});
