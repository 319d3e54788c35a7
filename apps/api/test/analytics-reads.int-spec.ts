import { type AnalyticsHour, type ApiError, HOUR_MS, hourOf } from '@hotpath/contracts';
import { describe, expect, it } from 'vitest';
import {
  clickEvery,
  currentStart,
  drained,
  expectedCounts,
  hourKey,
  type Kind,
  OLD_START,
  readHour,
  redis,
  send,
  storedHour,
  useAnalyticsApp,
  ZEROS,
} from './support/analytics-helpers';
import { eventually, startApi } from './support/test-app';
import { api } from './support/spec-app';

useAnalyticsApp();

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
