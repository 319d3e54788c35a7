import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HOUR_MS, hourOf, type AnalyticsEvent, type AnalyticsHour, type ApiError } from '@hotpath/contracts';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnalyticsLiveRepository } from '../src/modules/analytics/analytics-live.repository';
import { seedAnalytics } from '../src/modules/analytics/analytics.seed';
import { AnalyticsService } from '../src/modules/analytics/analytics.service';
import {
  ANALYTICS_TABLES,
  analyticsQueue,
  clickEvery,
  drained,
  eventUrl,
  expectedCounts,
  readHour,
  send,
  startAnalyticsWorker,
  storedHour,
  type Kind,
} from './support/analytics-helpers';
import { eventually, resetState, startApi } from './support/test-app';
import { TEST_ENV } from './support/test-env';

let api: NestFastifyApplication;
let worker: INestApplicationContext;
let redis: Redis;

/** The start of the current UTC hour, and of an hour long past (read from MySQL, never from Redis). */
const currentStart = (): number => hourOf(Date.now()) * HOUR_MS;
const OLD_START = Date.UTC(2024, 0, 15, 10);
const hourKey = (start: number): string => `${TEST_ENV.REDIS_KEY_PREFIX}analytics:hour:${hourOf(start)}`;

const ZEROS = 'unique_users,0\nclicks,0\nimpressions,0';

beforeAll(async () => {
  api = await startApi();
  worker = await startAnalyticsWorker();
  redis = new Redis(TEST_ENV.REDIS_URL);
});

afterAll(async () => {
  redis?.disconnect();
  await worker?.close();
  await api?.close();
});

beforeEach(async () => {
  await resetState(api, ANALYTICS_TABLES);
});

async function countRows(sql: string): Promise<number> {
  const rows: Array<{ n: string | number }> = await api.get(DataSource).query(sql);
  return Number(rows[0]?.n);
}

describe('POST /analytics', () => {
  it('answers 204 without a body, and the worker counts the click and the impression in their hour', async () => {
    const start = currentStart();
    for (const kind of ['click', 'impression'] as const) {
      const response = await api.inject({ method: 'POST', url: eventUrl(start + 10, 'kek', kind) });
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
    }
    await drained(api);
    expect(await readHour(api, start)).toEqual({ uniqueUsers: 1, clicks: 1, impressions: 1 });
    expect(await storedHour(api, hourOf(start))).toMatchObject({
      uniqueUsers: 1,
      clicks: 1,
      impressions: 1,
      userRows: 1,
    });
  });

  it('takes the event from the query whether the client sends no body or an empty form', async () => {
    const start = currentStart();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const headers of [{}, form]) {
      const response = await api.inject({
        method: 'POST',
        url: eventUrl(start, 'curl', 'impression'),
        headers,
        payload: '',
      });
      expect(response.statusCode).toBe(204);
    }
    await drained(api);
    expect(await readHour(api, start)).toEqual({ uniqueUsers: 1, clicks: 0, impressions: 2 });
  });

  it('accepts the flag written as `click=` and ignores parameters it does not know', async () => {
    const start = currentStart();
    const response = await api.inject({
      method: 'POST',
      url: `/analytics?_=1&timestamp=${start}&user=a&click=`,
    });
    expect(response.statusCode).toBe(204);
    await drained(api);
    expect(await readHour(api, start)).toEqual({ uniqueUsers: 1, clicks: 1, impressions: 0 });
  });

  it.each([
    [
      '',
      [
        ['timestamp', 'is required'],
        ['user', 'is required'],
        ['click/impression', 'give exactly one of the flags click and impression'],
      ],
    ],
    [
      'timestamp=abc&user=a&click',
      [['timestamp', 'must be a whole number of milliseconds since 1970-01-01T00:00:00Z']],
    ],
    [
      'timestamp=1.5&user=a&click',
      [['timestamp', 'must be a whole number of milliseconds since 1970-01-01T00:00:00Z']],
    ],
    [
      'timestamp=-1&user=a&click',
      [['timestamp', 'must be a whole number of milliseconds since 1970-01-01T00:00:00Z']],
    ],
    [
      'timestamp=1e3&user=a&click',
      [['timestamp', 'must be a whole number of milliseconds since 1970-01-01T00:00:00Z']],
    ],
    [
      'timestamp=&user=a&click',
      [['timestamp', 'must be a whole number of milliseconds since 1970-01-01T00:00:00Z']],
    ],
    ['timestamp=1&timestamp=2&user=a&click', [['timestamp', 'must be given once']]],
    ['timestamp=1&click', [['user', 'is required']]],
    ['timestamp=1&user=&click', [['user', 'is required']]],
    [`timestamp=1&user=${'u'.repeat(256)}&click`, [['user', 'must be at most 255 characters']]],
    ['timestamp=1&user=a', [['click/impression', 'give exactly one of the flags click and impression']]],
    [
      'timestamp=1&user=a&click&impression',
      [['click/impression', 'give exactly one of the flags click and impression']],
    ],
    ['timestamp=1&user=a&click=yes', [['click', 'is a flag and takes no value']]],
  ])('answers 400 for "%s" in the JSON error shape and queues nothing', async (query, details) => {
    const response = await api.inject({ method: 'POST', url: `/analytics?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json<ApiError>()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid query parameters',
      details: details.map(([field, message]) => ({ field, message })),
    });
    expect(await analyticsQueue(api).getJobCounts()).toMatchObject({ waiting: 0, active: 0, delayed: 0 });
  });

  it('takes user names of 255 characters, in any script, exactly as sent', async () => {
    const start = currentStart();
    const users = ['u'.repeat(255), '美玲', 'Zoë', 'amy', 'Amy', 'amy ', 'a&b=c'];
    for (const user of users) await send(api, start, user, 'impression');
    await drained(api);
    expect(await readHour(api, start)).toEqual({
      uniqueUsers: users.length,
      clicks: 0,
      impressions: users.length,
    });
    const stored: Array<{ username: Buffer }> = await api
      .get(DataSource)
      .query('SELECT username FROM analytics_hour_users WHERE hour = ?', [hourOf(start)]);
    expect(stored.map((row) => row.username.toString('utf8')).sort()).toEqual([...users].sort());
  });
});

describe('GET /analytics', () => {
  it('answers an hour without events with zeros, as exactly three lines of text/plain', async () => {
    for (const timestamp of [currentStart(), OLD_START, 0]) {
      const response = await api.inject({ method: 'GET', url: `/analytics?timestamp=${timestamp}` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.body).toBe(ZEROS);
    }
  });

  it('answers the exact text format, in order, with no trailing newline', async () => {
    const start = currentStart();
    await send(api, start, 'a', 'click');
    await send(api, start, 'b', 'impression');
    await send(api, start, 'b', 'impression');
    await drained(api);
    const response = await api.inject({ method: 'GET', url: `/analytics?timestamp=${start + 1}` });
    expect(response.body).toBe('unique_users,2\nclicks,1\nimpressions,2');
    expect(response.body.split('\n')).toHaveLength(3);
  });

  it.each([
    ['', 'is required'],
    ['timestamp=now', 'must be a whole number of milliseconds since 1970-01-01T00:00:00Z'],
    ['timestamp=99999999999999999', 'must be a whole number of milliseconds since 1970-01-01T00:00:00Z'],
    ['timestamp=253402300800000', 'must be at most 253402300799999 (the end of the year 9999)'],
  ])('answers 400 for "%s" in the JSON error shape', async (query, message) => {
    const response = await api.inject({ method: 'GET', url: `/analytics?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.json<ApiError>()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid query parameters',
      details: [{ field: 'timestamp', message }],
    });
  });

  it.each([
    ['the current hour (Redis)', currentStart],
    ['an hour long past (MySQL)', () => OLD_START],
  ])(
    'puts the last millisecond of an hour and the first of the next in different hours: %s',
    async (_label, startOf) => {
      const start = startOf();
      await send(api, start - 1, 'late-in-previous', 'click');
      await send(api, start, 'first-of-hour', 'impression');
      await send(api, start + HOUR_MS - 1, 'last-of-hour', 'impression');
      await send(api, start + HOUR_MS, 'first-of-next', 'click');
      await drained(api);
      expect(await readHour(api, start - 1)).toEqual({ uniqueUsers: 1, clicks: 1, impressions: 0 });
      expect(await readHour(api, start - HOUR_MS)).toEqual({ uniqueUsers: 1, clicks: 1, impressions: 0 });
      expect(await readHour(api, start)).toEqual({ uniqueUsers: 2, clicks: 0, impressions: 2 });
      expect(await readHour(api, start + HOUR_MS - 1)).toEqual({ uniqueUsers: 2, clicks: 0, impressions: 2 });
      expect(await readHour(api, start + HOUR_MS)).toEqual({ uniqueUsers: 1, clicks: 1, impressions: 0 });
    },
  );

  it('counts unique users exactly when users repeat, within a batch and across batches', async () => {
    const start = currentStart();
    const events: Array<{ user: string; kind: Kind }> = [];
    for (let round = 0; round < 3; round++) {
      const sent: Array<Promise<void>> = [];
      for (let index = 0; index < 60; index++) {
        const event = { user: `user-${index % 17}`, kind: clickEvery(3, index) };
        events.push(event);
        sent.push(send(api, start + index, event.user, event.kind));
      }
      await Promise.all(sent);
      await drained(api);
      const expected = expectedCounts(events);
      expect(await readHour(api, start)).toEqual(expected);
      expect(await storedHour(api, hourOf(start))).toMatchObject({ ...expected, userRows: 17 });
    }
  });

  it('counts late events in their own hour, in Redis for recent hours and in MySQL for older ones', async () => {
    const start = currentStart();
    const oldHour = start - 30 * HOUR_MS;
    // Read first: the old hour's zeros are now cached, and the late event must clear them.
    expect(await readHour(api, oldHour)).toEqual({ uniqueUsers: 0, clicks: 0, impressions: 0 });
    await send(api, start, 'now', 'click');
    await send(api, start - HOUR_MS, 'an-hour-ago', 'impression');
    await send(api, oldHour + 5, 'yesterday', 'click');
    await send(api, oldHour + 6, 'yesterday', 'click');
    await drained(api);

    expect(await readHour(api, start)).toEqual({ uniqueUsers: 1, clicks: 1, impressions: 0 });
    expect(await readHour(api, start - HOUR_MS)).toEqual({ uniqueUsers: 1, clicks: 0, impressions: 1 });
    expect(await redis.exists(hourKey(start - HOUR_MS))).toBe(1);
    // Cleared by the worker as it applied the batch, not by the cache's TTL (300 s).
    await eventually(async () => {
      expect(await readHour(api, oldHour)).toEqual({ uniqueUsers: 1, clicks: 2, impressions: 0 });
    }, 3000);
    expect(await redis.exists(hourKey(oldHour))).toBe(0);
  });

  it('is exact for two API instances writing the same hour with the same users at once', async () => {
    const second = await startApi();
    try {
      const start = currentStart();
      const events: Array<{ user: string; kind: Kind }> = [];
      const sent: Array<Promise<void>> = [];
      for (let index = 0; index < 400; index++) {
        const event = { user: `shared-${index % 150}`, kind: clickEvery(4, index) };
        events.push(event);
        sent.push(send(index % 2 === 0 ? api : second, start + index, event.user, event.kind));
      }
      await Promise.all(sent);
      await drained(api);
      const expected = expectedCounts(events);
      expect(expected).toEqual({ uniqueUsers: 150, clicks: 100, impressions: 300 });
      expect(await readHour(api, start)).toEqual(expected);
      expect(await readHour(second, start)).toEqual(expected);
      expect(await storedHour(api, hourOf(start))).toMatchObject({ ...expected, userRows: 150 });
    } finally {
      await second.close();
    }
  });
});

describe('the Redis copy of recent hours', () => {
  it('serves the current hour from Redis, and MySQL answers when Redis has lost the copy', async () => {
    const start = currentStart();
    await send(api, start, 'amy', 'click');
    await drained(api);
    await api.get(DataSource).query('UPDATE analytics_hours SET clicks = 41 WHERE hour = ?', [hourOf(start)]);
    expect(await readHour(api, start)).toEqual({ uniqueUsers: 1, clicks: 1, impressions: 0 });

    await redis.del(hourKey(start));
    expect(await readHour(api, start)).toEqual({ uniqueUsers: 1, clicks: 41, impressions: 0 });
    // The next batch copies the whole committed row again.
    await send(api, start, 'bob', 'click');
    await drained(api);
    expect(await redis.hgetall(hourKey(start))).toMatchObject({ u: '2', c: '42', i: '0', v: '2' });
    expect(await readHour(api, start)).toEqual({ uniqueUsers: 2, clicks: 42, impressions: 0 });
  });

  it('never moves an hour back to an older copy', async () => {
    const live = api.get(AnalyticsLiveRepository);
    const hour = hourOf(currentStart());
    await live.write([{ hour, version: 5, uniqueUsers: 5, clicks: 5, impressions: 5 }]);
    const kept = await live.write([{ hour, version: 4, uniqueUsers: 4, clicks: 4, impressions: 4 }]);
    expect([...kept]).toEqual([hour]);
    expect(await live.read(hour)).toEqual({ uniqueUsers: 5, clicks: 5, impressions: 5 });
  });

  it('keeps an hour until three hours after it began and never takes hours outside that window', async () => {
    const live = api.get(AnalyticsLiveRepository);
    const current = hourOf(Date.now());
    const copy = (hour: number) => ({ hour, version: 1, uniqueUsers: 1, clicks: 1, impressions: 0 });
    const kept = await live.write([current - 3, current - 2, current, current + 1, current + 2].map(copy));
    expect([...kept].sort((a, b) => a - b)).toEqual([current - 2, current, current + 1]);
    const expiresAt = await redis.pexpiretime(hourKey(current * HOUR_MS));
    expect(expiresAt).toBe((current + 3) * HOUR_MS);
    expect(await redis.exists(hourKey((current - 3) * HOUR_MS))).toBe(0);
    expect(await redis.exists(hourKey((current + 2) * HOUR_MS))).toBe(0);
  });

  it('holds a small hash per hour however many users it had', async () => {
    const analytics = worker.get(AnalyticsService);
    const start = currentStart();
    const batch = (users: number, offset: number): AnalyticsEvent[] =>
      Array.from({ length: users }, (_, index) => ({
        timestamp: start + offset,
        user: `user-${index}`,
        kind: 'impression',
      }));
    await analytics.applyBatch({ batchId: randomUUID(), items: batch(1, 0) });
    const oneUser = Number(await redis.memory('USAGE', hourKey(start)));
    await analytics.applyBatch({ batchId: randomUUID(), items: batch(10_000, 1) });
    const manyUsers = Number(await redis.memory('USAGE', hourKey(start)));
    expect(await readHour(api, start)).toEqual({ uniqueUsers: 10_000, clicks: 0, impressions: 10_001 });
    expect(manyUsers).toBeLessThan(200);
    expect(manyUsers - oneUser).toBeLessThan(16);
    expect(await countRows('SELECT COUNT(*) AS n FROM analytics_hour_users')).toBe(10_000);
  });

  it('applies a batch that runs twice once', async () => {
    const analytics = worker.get(AnalyticsService);
    const start = currentStart();
    const items: AnalyticsEvent[] = [
      { timestamp: start, user: 'amy', kind: 'click' },
      { timestamp: OLD_START, user: 'bob', kind: 'impression' },
    ];
    const batchId = randomUUID();
    await analytics.applyBatch({ batchId, items });
    await analytics.applyBatch({ batchId, items });
    expect(await readHour(api, start)).toEqual({ uniqueUsers: 1, clicks: 1, impressions: 0 });
    expect(await readHour(api, OLD_START)).toEqual({ uniqueUsers: 1, clicks: 0, impressions: 1 });
    expect(await storedHour(api, hourOf(start))).toMatchObject({ version: 1 });
    expect(await countRows('SELECT COUNT(*) AS n FROM queue_applied_batches')).toBe(1);
  });
});

describe('GET /analytics/hours', () => {
  it('lists every hour of the range, oldest first, empty hours as zeros', async () => {
    await send(api, OLD_START, 'amy', 'click');
    await send(api, OLD_START + 2 * HOUR_MS + 7, 'amy', 'impression');
    await send(api, OLD_START + 2 * HOUR_MS + 8, 'bob', 'impression');
    await drained(api);
    const response = await api.inject({
      method: 'GET',
      url: `/analytics/hours?from=${OLD_START + 59}&to=${OLD_START + 3 * HOUR_MS}`,
    });
    expect(response.statusCode).toBe(200);
    const { data } = response.json<{ data: AnalyticsHour[] }>();
    expect(data).toEqual([
      { hour: '2024-01-15T10:00:00.000Z', start: OLD_START, uniqueUsers: 1, clicks: 1, impressions: 0 },
      {
        hour: '2024-01-15T11:00:00.000Z',
        start: OLD_START + HOUR_MS,
        uniqueUsers: 0,
        clicks: 0,
        impressions: 0,
      },
      {
        hour: '2024-01-15T12:00:00.000Z',
        start: OLD_START + 2 * HOUR_MS,
        uniqueUsers: 2,
        clicks: 0,
        impressions: 2,
      },
      {
        hour: '2024-01-15T13:00:00.000Z',
        start: OLD_START + 3 * HOUR_MS,
        uniqueUsers: 0,
        clicks: 0,
        impressions: 0,
      },
    ]);
  });

  it('includes the current hour as GET /analytics answers it', async () => {
    const start = currentStart();
    await send(api, start, 'amy', 'click');
    await drained(api);
    const response = await api.inject({
      method: 'GET',
      url: `/analytics/hours?from=${start - 23 * HOUR_MS}&to=${start}`,
    });
    const { data } = response.json<{ data: AnalyticsHour[] }>();
    expect(data).toHaveLength(24);
    expect(data[23]).toMatchObject({ start, uniqueUsers: 1, clicks: 1, impressions: 0 });
  });

  it.each([
    ['from=1', 'to', 'is required'],
    ['from=10&to=9', 'to', 'must not be before from'],
    [`from=0&to=${31 * 24 * HOUR_MS + 1}`, 'to', 'must be at most 31 days after from'],
    ['from=x&to=1', 'from', 'must be a whole number of milliseconds since 1970-01-01T00:00:00Z'],
  ])('answers 400 for "%s"', async (query, field, message) => {
    const response = await api.inject({ method: 'GET', url: `/analytics/hours?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.json<ApiError>()).toMatchObject({ statusCode: 400, details: [{ field, message }] });
  });
});

describe('the demo seed', () => {
  it('fills the 24 hours before the current one, and adds nothing when run again', async () => {
    await seedAnalytics(api);
    const first = await api.inject({
      method: 'GET',
      url: `/analytics/hours?from=${currentStart() - 24 * HOUR_MS}&to=${currentStart()}`,
    });
    await seedAnalytics(api);
    const second = await api.inject({
      method: 'GET',
      url: `/analytics/hours?from=${currentStart() - 24 * HOUR_MS}&to=${currentStart()}`,
    });
    const hours = first.json<{ data: AnalyticsHour[] }>().data;
    expect(second.json<{ data: AnalyticsHour[] }>().data).toEqual(hours);
    expect(hours.slice(0, 24).every((hour) => hour.impressions > 0 && hour.uniqueUsers > 0)).toBe(true);
    expect(hours[24]).toMatchObject({ uniqueUsers: 0, clicks: 0, impressions: 0 });
    expect(await countRows('SELECT COUNT(*) AS n FROM analytics_hours WHERE version = 1')).toBe(24);
  });
});
