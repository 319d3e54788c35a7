import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HOUR_MS, hourOf } from '@hotpath/contracts';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ANALYTICS_TABLES,
  analyticsQueue,
  clickEvery,
  drained,
  expectedCounts,
  readHour,
  send,
  storedHour,
} from './support/analytics-helpers';
import { eventually, resetState, startApi } from './support/test-app';
import { TEST_ENV } from './support/test-env';
import { WorkerProcess } from './support/worker-process';

const EVENTS = 3000;
const OLD_START = Date.UTC(2024, 0, 15, 10);

let api: NestFastifyApplication;
let redis: Redis;
const workers: WorkerProcess[] = [];

async function startWorker(env: Record<string, string> = {}): Promise<WorkerProcess> {
  const worker = await WorkerProcess.start(env);
  workers.push(worker);
  return worker;
}

async function committedEvents(): Promise<number> {
  const rows: Array<{ n: string | number | null }> = await api
    .get(DataSource)
    .query('SELECT SUM(clicks + impressions) AS n FROM analytics_hours');
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  // Small batches: the events below make several jobs, so a worker dies with work still queued.
  api = await startApi({ ANALYTICS_BATCH_MAX_EVENTS: '400' });
  redis = new Redis(TEST_ENV.REDIS_URL);
});

afterAll(async () => {
  redis?.disconnect();
  await api?.close();
});

beforeEach(async () => {
  await resetState(api, ANALYTICS_TABLES);
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.kill()));
});

describe('a worker killed while applying a batch', () => {
  it(
    'loses nothing and counts nothing twice, killed inside the transaction and after the commit',
    { timeout: 120_000 },
    async () => {
      const currentStart = hourOf(Date.now()) * HOUR_MS;
      const events = Array.from({ length: EVENTS }, (_, index) => ({
        timestamp: index % 10 === 0 ? OLD_START + index : currentStart + index,
        user: `user-${index % 700}`,
        kind: clickEvery(3, index),
      }));
      for (let from = 0; from < events.length; from += 250) {
        await Promise.all(
          events.slice(from, from + 250).map((event) => send(api, event.timestamp, event.user, event.kind)),
        );
      }
      const queue = analyticsQueue(api);
      expect((await queue.getJobCounts()).waiting).toBeGreaterThan(3);

      // 1. Killed inside the batch's transaction (the knob holds it open 1.5 s before the commit): rolled back.
      const first = await startWorker({ WRITE_BEHIND_APPLY_DELAY_MS: '1500' });
      await eventually(async () => expect((await queue.getJobCounts()).active).toBe(1), 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await first.kill();
      expect(await committedEvents()).toBe(0);

      // 2. Killed after a commit, before the hour's copy reached Redis (the knob's second pause).
      const second = await startWorker({ WRITE_BEHIND_APPLY_DELAY_MS: '1500' });
      await eventually(async () => expect(await committedEvents()).toBeGreaterThan(0), 20_000);
      await second.kill();
      const committed = await committedEvents();
      expect(committed).toBeLessThan(EVENTS);
      expect(await redis.exists(`${TEST_ENV.REDIS_KEY_PREFIX}analytics:hour:${hourOf(currentStart)}`)).toBe(
        0,
      );

      // 3. Two workers take over, the killed jobs among the rest.
      await Promise.all([startWorker(), startWorker()]);
      await drained(api, 60_000);

      const current = expectedCounts(events.filter((event) => event.timestamp >= currentStart));
      const old = expectedCounts(events.filter((event) => event.timestamp < currentStart));
      expect(current.clicks + current.impressions + old.clicks + old.impressions).toBe(EVENTS);
      expect(await committedEvents()).toBe(EVENTS);
      expect(await storedHour(api, hourOf(currentStart))).toMatchObject({
        ...current,
        userRows: current.uniqueUsers,
      });
      expect(await storedHour(api, hourOf(OLD_START))).toMatchObject({ ...old, userRows: old.uniqueUsers });
      expect(await readHour(api, currentStart)).toEqual(current);
      expect(await readHour(api, OLD_START)).toEqual(old);
      expect(
        await redis.hget(`${TEST_ENV.REDIS_KEY_PREFIX}analytics:hour:${hourOf(currentStart)}`, 'c'),
      ).toBe(String(current.clicks));
    },
  );
});
