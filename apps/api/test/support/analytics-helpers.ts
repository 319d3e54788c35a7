import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HOUR_MS, hourOf, parseHourReport, type HourCounts } from '@hotpath/contracts';
import type { Queue } from 'bull';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll } from 'vitest';
import { platformModules } from '../../src/core/platform.module';
import { QueueName } from '../../src/core/queue/queue-names';
import { AnalyticsWorkerModule } from '../../src/modules/analytics/analytics-worker.module';
import { api, useSpecApp } from './spec-app';
import { eventually, resetState } from './test-app';
import { TEST_ENV } from './test-env';

export const ANALYTICS_TABLES = ['analytics_hour_users', 'analytics_hours', 'queue_applied_batches'];

/** A worker with the analytics processor only, on the test database: other areas' queues are left alone. */
export async function startAnalyticsWorker(): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(
    {
      module: class AnalyticsTestWorker {},
      imports: [...(platformModules(TEST_ENV) ?? []), AnalyticsWorkerModule],
    },
    { logger: false },
  );
  return app.init();
}

export type Kind = 'click' | 'impression';

/** A click for every `every`-th index, impressions otherwise. */
export const clickEvery = (every: number, index: number): Kind =>
  index % every === 0 ? 'click' : 'impression';

export function analyticsQueue(app: INestApplicationContext): Queue {
  return app.get<Queue>(getQueueToken(QueueName.AnalyticsEvents));
}

export const eventUrl = (timestamp: number, user: string, kind: Kind): string =>
  `/analytics?timestamp=${timestamp}&user=${encodeURIComponent(user)}&${kind}`;

/** POSTs one event and insists on the 204 with no body. */
export async function send(
  api: NestFastifyApplication,
  timestamp: number,
  user: string,
  kind: Kind,
): Promise<void> {
  const response = await api.inject({ method: 'POST', url: eventUrl(timestamp, user, kind) });
  if (response.statusCode !== 204 || response.body !== '') {
    throw new Error(
      `POST ${eventUrl(timestamp, user, kind)} answered ${response.statusCode}: ${response.body}`,
    );
  }
}

/** GET /analytics for the hour of `timestamp`, read back from its three lines. */
export async function readHour(api: NestFastifyApplication, timestamp: number): Promise<HourCounts> {
  const response = await api.inject({ method: 'GET', url: `/analytics?timestamp=${timestamp}` });
  if (response.statusCode !== 200)
    throw new Error(`GET /analytics answered ${response.statusCode}: ${response.body}`);
  return parseHourReport(response.body);
}

/** Waits until no analytics batch is waiting, delayed or running, and none has failed. */
export async function drained(app: INestApplicationContext, timeoutMs = 20_000): Promise<void> {
  const queue = analyticsQueue(app);
  await eventually(async () => {
    const counts = await queue.getJobCounts();
    if (counts.failed > 0) throw new Error(`${counts.failed} analytics batches failed`);
    const busy = counts.waiting + counts.active + counts.delayed;
    if (busy > 0) throw new Error(`${busy} analytics batches still queued: ${JSON.stringify(counts)}`);
  }, timeoutMs);
}

/** What MySQL holds for an hour: its counters, and the user rows counted afresh. */
export async function storedHour(
  app: INestApplicationContext,
  hour: number,
): Promise<HourCounts & { userRows: number; version: number }> {
  const dataSource = app.get(DataSource);
  const [row]: Array<Record<string, string | number>> = await dataSource.query(
    'SELECT unique_users, clicks, impressions, version FROM analytics_hours WHERE hour = ?',
    [hour],
  );
  const [users]: Array<{ n: string | number }> = await dataSource.query(
    'SELECT COUNT(*) AS n FROM analytics_hour_users WHERE hour = ?',
    [hour],
  );
  return {
    uniqueUsers: Number(row?.['unique_users'] ?? 0),
    clicks: Number(row?.['clicks'] ?? 0),
    impressions: Number(row?.['impressions'] ?? 0),
    version: Number(row?.['version'] ?? 0),
    userRows: Number(users?.n ?? 0),
  };
}

/** The figures a list of events must produce for one hour, counted the slow and obvious way. */
export function expectedCounts(events: ReadonlyArray<{ user: string; kind: Kind }>): HourCounts {
  return {
    uniqueUsers: new Set(events.map((event) => event.user)).size,
    clicks: events.filter((event) => event.kind === 'click').length,
    impressions: events.filter((event) => event.kind === 'impression').length,
  };
}

/** A client of the test Redis DB for the running spec file (a live binding, set by `useAnalyticsApp`). */
export let redis: Redis;

/** The spec file's API, analytics worker and Redis client; the analytics tables are emptied before each test. */
export function useAnalyticsApp(): void {
  useSpecApp({ startWorker: startAnalyticsWorker, reset: (app) => resetState(app, ANALYTICS_TABLES) });
  beforeAll(() => {
    redis = new Redis(TEST_ENV.REDIS_URL);
  });
  afterAll(() => {
    redis?.disconnect();
  });
}

/** The start of the current UTC hour, and of an hour long past (read from MySQL, never from Redis). */
export const currentStart = (): number => hourOf(Date.now()) * HOUR_MS;
export const OLD_START = Date.UTC(2024, 0, 15, 10);
export const hourKey = (start: number): string =>
  `${TEST_ENV.REDIS_KEY_PREFIX}analytics:hour:${hourOf(start)}`;

export const ZEROS = 'unique_users,0\nclicks,0\nimpressions,0';

export async function countRows(sql: string): Promise<number> {
  const rows: Array<{ n: string | number }> = await api.get(DataSource).query(sql);
  return Number(rows[0]?.n);
}
