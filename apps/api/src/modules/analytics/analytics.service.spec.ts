import { HOUR_MS, type AnalyticsEvent, type HourCounts } from '@hotpath/contracts';
import { describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../config/app-config';
import type { AppCache } from '../../core/cache/app-cache';
import type { AnalyticsLiveRepository } from './analytics-live.repository';
import type { AnalyticsRepository, HourSnapshot } from './analytics.repository';
import { AnalyticsService } from './analytics.service';

const NOW = Date.UTC(2025, 10, 21, 10, 30);
const CURRENT = Math.floor(NOW / HOUR_MS);
const at = (hour: number): number => hour * HOUR_MS + 1234;
const counts = (uniqueUsers: number, clicks: number, impressions: number): HourCounts => ({
  uniqueUsers,
  clicks,
  impressions,
});

function setup(
  options: { live?: Map<number, HourCounts>; stored?: Map<number, HourCounts>; kept?: number[] } = {},
) {
  const live = options.live ?? new Map<number, HourCounts>();
  const stored = options.stored ?? new Map<number, HourCounts>();
  const repository = {
    readHour: vi.fn(async (hour: number) => stored.get(hour) ?? counts(0, 0, 0)),
    readRange: vi.fn(async (first: number, last: number) => {
      const rows = new Map<number, HourSnapshot>();
      for (const [hour, figures] of stored)
        if (hour >= first && hour <= last) rows.set(hour, { hour, version: 1, ...figures });
      return rows;
    }),
    enqueue: vi.fn(async (_event: AnalyticsEvent) => undefined),
    applyBatch: vi.fn(async (_batchId: string, tallies: Array<{ hour: number }>): Promise<HourSnapshot[]> =>
      tallies.map((tally) => ({ hour: tally.hour, version: 1, ...counts(1, 1, 0) })),
    ),
  };
  const liveRepository = {
    hours: 3,
    read: vi.fn(async (hour: number) => live.get(hour) ?? null),
    write: vi.fn(
      async (snapshots: HourSnapshot[]) =>
        new Set(snapshots.map((s) => s.hour).filter((h) => (options.kept ?? []).includes(h))),
    ),
  };
  const ttls: Array<[string, number]> = [];
  const cache = {
    getOrLoad: vi.fn(
      async (_ns: string, id: string, load: () => Promise<unknown>, ttlFor: (value: unknown) => number) => {
        const value = await load();
        ttls.push([id, ttlFor(value)]);
        return value;
      },
    ),
    invalidate: vi.fn(async () => undefined),
  };
  const config = {
    get: (key: string) => ({ ANALYTICS_PAST_HOUR_CACHE_SECONDS: 300, ANALYTICS_APPLY_DELAY_MS: 0 })[key],
  };
  const service = new AnalyticsService(
    repository as unknown as AnalyticsRepository,
    liveRepository as unknown as AnalyticsLiveRepository,
    cache as unknown as AppCache,
    config as unknown as AppConfig,
  );
  return { service, repository, liveRepository, cache, ttls };
}

describe('AnalyticsService.hour', () => {
  it('answers the current hour from Redis without touching MySQL', async () => {
    const { service, repository } = setup({ live: new Map([[CURRENT, counts(2, 5, 7)]]) });
    expect(await service.hour(at(CURRENT), NOW)).toEqual(counts(2, 5, 7));
    expect(repository.readHour).not.toHaveBeenCalled();
  });

  it('reads a recent hour Redis holds no copy of from MySQL, cached for one second only', async () => {
    const { service, ttls } = setup({ stored: new Map([[CURRENT - 1, counts(1, 1, 1)]]) });
    expect(await service.hour(at(CURRENT - 1), NOW)).toEqual(counts(1, 1, 1));
    expect(await service.hour(at(CURRENT), NOW)).toEqual(counts(0, 0, 0));
    expect(ttls).toEqual([
      [String(CURRENT - 1), 1],
      [String(CURRENT), 1],
    ]);
  });

  it('reads an hour outside the Redis window (with an hour to spare) from MySQL, cached long, never from Redis', async () => {
    const { service, liveRepository, ttls } = setup({ stored: new Map([[CURRENT - 4, counts(3, 2, 1)]]) });
    expect(await service.hour(at(CURRENT - 4), NOW)).toEqual(counts(3, 2, 1));
    expect(liveRepository.read).not.toHaveBeenCalled();
    expect(ttls).toEqual([[String(CURRENT - 4), 300]]);
    await service.hour(at(CURRENT - 3), NOW);
    expect(liveRepository.read).toHaveBeenCalledWith(CURRENT - 3);
  });

  it('reads an hour more than one ahead from MySQL without asking Redis, cached for one second', async () => {
    const { service, liveRepository, ttls } = setup({ stored: new Map([[CURRENT + 5, counts(1, 0, 1)]]) });
    expect(await service.hour(at(CURRENT + 5), NOW)).toEqual(counts(1, 0, 1));
    expect(liveRepository.read).not.toHaveBeenCalled();
    expect(ttls).toEqual([[String(CURRENT + 5), 1]]);
  });

  it('lets concurrent reads of one hour share one Redis round trip', async () => {
    const { service, liveRepository } = setup({ live: new Map([[CURRENT, counts(1, 1, 0)]]) });
    const answers = await Promise.all([1, 2, 3].map(() => service.hour(at(CURRENT), NOW)));
    expect(answers).toEqual([counts(1, 1, 0), counts(1, 1, 0), counts(1, 1, 0)]);
    expect(liveRepository.read).toHaveBeenCalledTimes(1);
    await service.hour(at(CURRENT), NOW);
    expect(liveRepository.read).toHaveBeenCalledTimes(2);
  });

  it('falls back to MySQL when Redis fails', async () => {
    const { service, liveRepository } = setup({ stored: new Map([[CURRENT, counts(4, 4, 4)]]) });
    liveRepository.read.mockRejectedValueOnce(new Error('connection lost'));
    expect(await service.hour(at(CURRENT), NOW)).toEqual(counts(4, 4, 4));
  });
});

describe('AnalyticsService.hours', () => {
  it('lists every hour of the range, zeros included, recent hours from Redis', async () => {
    const { service } = setup({
      live: new Map([[CURRENT, counts(9, 9, 9)]]),
      stored: new Map([
        [CURRENT - 6, counts(1, 2, 3)],
        [CURRENT, counts(8, 8, 8)],
      ]),
    });
    const hours = await service.hours(at(CURRENT - 6), at(CURRENT), NOW);
    expect(hours.map((hour) => [hour.start, hour.uniqueUsers, hour.clicks, hour.impressions])).toEqual([
      [(CURRENT - 6) * HOUR_MS, 1, 2, 3],
      [(CURRENT - 5) * HOUR_MS, 0, 0, 0],
      [(CURRENT - 4) * HOUR_MS, 0, 0, 0],
      [(CURRENT - 3) * HOUR_MS, 0, 0, 0],
      [(CURRENT - 2) * HOUR_MS, 0, 0, 0],
      [(CURRENT - 1) * HOUR_MS, 0, 0, 0],
      [CURRENT * HOUR_MS, 9, 9, 9],
    ]);
    expect(hours[0]?.hour).toBe(new Date((CURRENT - 6) * HOUR_MS).toISOString());
  });

  it('answers hours outside the Redis window from the one range query', async () => {
    const { service, repository, liveRepository } = setup({
      stored: new Map([[CURRENT + 3, counts(1, 1, 0)]]),
    });
    const hours = await service.hours(at(CURRENT + 2), at(CURRENT + 30), NOW);
    expect(hours).toHaveLength(29);
    expect(hours[1]).toMatchObject({ start: (CURRENT + 3) * HOUR_MS, uniqueUsers: 1, clicks: 1 });
    expect(repository.readRange).toHaveBeenCalledTimes(1);
    expect(repository.readHour).not.toHaveBeenCalled();
    expect(liveRepository.read).not.toHaveBeenCalled();
  });
});

describe('AnalyticsService.applyBatch', () => {
  const events: AnalyticsEvent[] = [
    { timestamp: at(CURRENT), user: 'amy', kind: 'click' },
    { timestamp: at(CURRENT - 10), user: 'bob', kind: 'impression' },
  ];

  it('applies the tallies, copies the hours to Redis and clears the cache of the hours Redis does not keep', async () => {
    const { service, repository, liveRepository, cache } = setup({ kept: [CURRENT] });
    const result = await service.applyBatch({ batchId: 'b-1', items: events });
    expect(result).toEqual({ events: 2, hours: 2, inRedis: 1 });
    expect(repository.applyBatch).toHaveBeenCalledWith(
      'b-1',
      [
        { hour: CURRENT - 10, clicks: 0, impressions: 1, users: ['bob'] },
        { hour: CURRENT, clicks: 1, impressions: 0, users: ['amy'] },
      ],
      undefined,
    );
    expect(liveRepository.write).toHaveBeenCalledTimes(1);
    expect(cache.invalidate).toHaveBeenCalledTimes(1);
    expect(cache.invalidate).toHaveBeenCalledWith('analytics-hour', String(CURRENT - 10));
  });

  it('does not fail the batch when clearing a cached hour fails', async () => {
    const { service, cache } = setup();
    cache.invalidate.mockRejectedValue(new Error('redis down'));
    await expect(service.applyBatch({ batchId: 'b-2', items: events })).resolves.toMatchObject({
      inRedis: 0,
    });
  });

  it('queues recorded events through the repository', async () => {
    const { service, repository } = setup();
    await service.record(events[0]!);
    expect(repository.enqueue).toHaveBeenCalledWith(events[0]);
  });
});
