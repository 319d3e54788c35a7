import {
  HOUR_MS,
  hourOf,
  parseHourReport,
  type HourCounts,
  type QueueDepth,
  type SystemStatus,
} from '@hotpath/contracts';
import { Redis } from 'ioredis';
import type { RowDataPacket } from 'mysql2/promise';
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_REDIS_URL } from '../lib/redis';
import type { ScenarioContext } from '../lib/scenario';

const ANALYTICS_QUEUE = 'analytics-events';
/** The API's default REDIS_KEY_PREFIX and the analytics area's key for one hour's copy. */
const HOUR_KEY_PREFIX = 'hotpath:analytics:hour:';

/** How far back the late 5% of events (and reads) reach: the past two days. */
export const PAST_HOURS = 48;
export const LATE_SHARE = 0.05;

export type EventKind = 'click' | 'impression';

/** A timestamp in the current hour 95% of the time, else in one of the past PAST_HOURS hours. */
export function drawTimestamp(now = Date.now()): number {
  if (Math.random() >= LATE_SHARE) return now;
  const hoursAgo = 1 + Math.floor(Math.random() * PAST_HOURS);
  return (hourOf(now) - hoursAgo) * HOUR_MS + Math.floor(Math.random() * HOUR_MS);
}

export const eventPath = (timestamp: number, user: string, kind: EventKind): string =>
  `/analytics?timestamp=${timestamp}&user=${user}&${kind}`;

async function queueDepth(ctx: ScenarioContext): Promise<QueueDepth | undefined> {
  const { status, body } = await ctx.api.getJson('/system/status');
  if (status !== 200) throw new Error(`GET /system/status answered ${status}: ${JSON.stringify(body)}`);
  return (body as SystemStatus).queues.find((queue) => queue.name === ANALYTICS_QUEUE);
}

/** Waits until the worker has applied every queued batch of events; returns the seconds it took. */
export async function waitForAnalyticsDrain(ctx: ScenarioContext, timeoutMs = 300_000): Promise<number> {
  const started = Date.now();
  let lastLog = started;
  for (;;) {
    const depth = await queueDepth(ctx);
    if (depth === undefined) throw new Error(`the API does not report a ${ANALYTICS_QUEUE} queue`);
    if (depth.failed > 0) throw new Error(`${depth.failed} analytics batches failed`);
    const busy = depth.waiting + depth.active + depth.delayed;
    if (busy === 0) return (Date.now() - started) / 1000;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${busy} analytics batches still queued after ${timeoutMs / 1000} s`);
    }
    if (Date.now() - lastLog >= 5000) {
      ctx.log(`  … draining: ${busy} analytics batches queued`);
      lastLog = Date.now();
    }
    await sleep(250);
  }
}

/** GET /analytics for the hour of `timestamp`, as the API serves it (throws unless 200 and the exact format). */
export async function servedHour(ctx: ScenarioContext, timestamp: number): Promise<HourCounts> {
  const { status, body } = await ctx.api.getJson(`/analytics?timestamp=${timestamp}`);
  if (status !== 200 || typeof body !== 'string') {
    throw new Error(`GET /analytics?timestamp=${timestamp} answered ${status}: ${JSON.stringify(body)}`);
  }
  return parseHourReport(body);
}

export interface StoredHour extends HourCounts {
  hour: number;
  /** Rows of analytics_hour_users for the hour, counted afresh. */
  userRows: number;
}

/** Every hour MySQL holds, with its user rows counted. */
export async function storedHours(ctx: ScenarioContext): Promise<Map<number, StoredHour>> {
  const rows = await ctx.db.query<RowDataPacket & Record<string, number | string>>(
    'SELECT hour, unique_users, clicks, impressions FROM analytics_hours',
  );
  const users = await ctx.db.query<RowDataPacket & { hour: number | string; n: number | string }>(
    'SELECT hour, COUNT(*) AS n FROM analytics_hour_users GROUP BY hour',
  );
  const userRows = new Map(users.map((row) => [Number(row.hour), Number(row.n)]));
  return new Map(
    rows.map((row) => {
      const hour = Number(row['hour']);
      return [
        hour,
        {
          hour,
          uniqueUsers: Number(row['unique_users']),
          clicks: Number(row['clicks']),
          impressions: Number(row['impressions']),
          userRows: userRows.get(hour) ?? 0,
        },
      ];
    }),
  );
}

/** Batches the worker has applied to MySQL. */
export async function appliedBatches(ctx: ScenarioContext): Promise<number> {
  return ctx.db.scalar("SELECT COUNT(*) FROM queue_applied_batches WHERE queue = 'analytics-events'");
}

/** Bytes Redis uses for one hour's copy (MEMORY USAGE), and how many hours Redis holds a copy of. */
export async function redisMemory(hour: number): Promise<{ hourBytes: number | null; hourKeys: number }> {
  const client = new Redis(BENCH_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const bytes = await client.memory('USAGE', `${HOUR_KEY_PREFIX}${hour}`);
    let hourKeys = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${HOUR_KEY_PREFIX}*`, 'COUNT', 1000);
      cursor = next;
      hourKeys += keys.length;
    } while (cursor !== '0');
    return { hourBytes: bytes === null ? null : Number(bytes), hourKeys };
  } finally {
    client.disconnect();
  }
}
