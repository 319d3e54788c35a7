import { type AnalyticsHour, type ApiError, HOUR_MS, hourOf } from '@hotpath/contracts';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { seedAnalytics } from '../src/modules/analytics/analytics.seed';
import {
  analyticsQueue,
  countRows,
  currentStart,
  drained,
  eventUrl,
  readHour,
  send,
  storedHour,
  useAnalyticsApp,
} from './support/analytics-helpers';
import { api } from './support/spec-app';

useAnalyticsApp();

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
