import { type AnalyticsEvent, HOUR_MS, hourOf } from '@hotpath/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { AnalyticsLiveRepository } from '../src/modules/analytics/analytics-live.repository';
import { AnalyticsService } from '../src/modules/analytics/analytics.service';
import {
  countRows,
  currentStart,
  drained,
  hourKey,
  OLD_START,
  readHour,
  redis,
  send,
  storedHour,
  useAnalyticsApp,
} from './support/analytics-helpers';
import { api, worker } from './support/spec-app';

useAnalyticsApp();

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
