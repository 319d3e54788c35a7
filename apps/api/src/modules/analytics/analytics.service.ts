import { Injectable, Logger } from '@nestjs/common';
import {
  EMPTY_HOUR,
  hourOf,
  hourStart,
  type AnalyticsEvent,
  type AnalyticsHour,
  type HourCounts,
} from '@hotpath/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../../config/app-config';
import { AppCache } from '../../core/cache/app-cache';
import { CacheNamespace, CacheTtl } from '../../core/cache/cache-namespaces';
import type { JobPayloads } from '../../core/queue/job-payloads';
import type { QueueName } from '../../core/queue/queue-names';
import { AnalyticsLiveRepository } from './analytics-live.repository';
import { tallyByHour } from './analytics-tally';
import { AnalyticsRepository } from './analytics.repository';

const { recentSeconds: RECENT_HOUR_CACHE_SECONDS } = CacheTtl[CacheNamespace.AnalyticsHour];

/** What applying one batch did, as the job's result. */
export interface AppliedBatch {
  events: number;
  hours: number;
  /** Hours now read from Redis; the others are read from MySQL and their cached figures were cleared. */
  inRedis: number;
}

/**
 * Decides where an hour's figures come from. MySQL holds every hour exactly (the worker's transactions);
 * Redis holds a copy of each recent hour's MySQL row, written by the worker right after each commit. So
 * any instance answers the current hour with one Redis read, and an older hour from MySQL through the
 * cache, which the worker clears when a late event changes that hour.
 */
@Injectable()
export class AnalyticsService {
  private readonly logger = new Logger(AnalyticsService.name);
  private readonly pastHourSeconds: number;
  private readonly applyDelayMs: number;
  /** Concurrent reads of one hour share one Redis round trip (nothing is kept once it answers). */
  private readonly liveReads = new Map<number, Promise<HourCounts | null>>();

  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly live: AnalyticsLiveRepository,
    private readonly cache: AppCache,
    config: AppConfig,
  ) {
    this.pastHourSeconds = config.get(CacheTtl[CacheNamespace.AnalyticsHour].pastSeconds);
    this.applyDelayMs = config.get('WRITE_BEHIND_APPLY_DELAY_MS');
  }

  /** Resolves once the event is queued durably; it is counted when the worker applies its batch. */
  record(event: AnalyticsEvent): Promise<void> {
    return this.repository.enqueue(event);
  }

  /** The figures of the UTC hour that contains `timestamp`. */
  async hour(timestamp: number, now = Date.now()): Promise<HourCounts> {
    const hour = hourOf(timestamp);
    const current = hourOf(now);
    if (this.inLiveWindow(hour, current)) {
      return (await this.liveHour(hour)) ?? this.stored(hour, RECENT_HOUR_CACHE_SECONDS);
    }
    return this.stored(hour, hour < current ? this.pastHourSeconds : RECENT_HOUR_CACHE_SECONDS);
  }

  /** Every hour from the one containing `from` to the one containing `to`, zeros included, oldest first. */
  async hours(from: number, to: number, now = Date.now()): Promise<AnalyticsHour[]> {
    const first = hourOf(from);
    const last = hourOf(to);
    const current = hourOf(now);
    const stored = await this.repository.readRange(first, last);
    const hours: Array<Promise<AnalyticsHour>> = [];
    for (let hour = first; hour <= last; hour++) {
      const counts = this.inLiveWindow(hour, current)
        ? this.hour(hourStart(hour), now)
        : Promise.resolve(stored.get(hour) ?? { ...EMPTY_HOUR });
      hours.push(counts.then((figures) => toAnalyticsHour(hour, figures)));
    }
    return Promise.all(hours);
  }

  /**
   * Applies one queued batch: MySQL first (one transaction, once per batch id), then the hours' committed
   * rows to Redis, then clears the cached figures of the hours Redis does not keep. Safe to run again.
   */
  async applyBatch(batch: JobPayloads[typeof QueueName.AnalyticsEvents]): Promise<AppliedBatch> {
    const snapshots = await this.repository.applyBatch(batch.batchId, tallyByHour(batch.items));
    // The test knob again, after the commit: a worker killed now has committed but not yet written Redis.
    if (this.applyDelayMs > 0) await sleep(this.applyDelayMs);
    const inRedis = await this.live.write(snapshots);
    const elsewhere = snapshots.filter((snapshot) => !inRedis.has(snapshot.hour));
    await Promise.all(
      elsewhere.map((snapshot) =>
        this.cache.invalidate(CacheNamespace.AnalyticsHour, String(snapshot.hour)).catch((error: unknown) => {
          // The cache's TTL bounds how long the hour can look older than MySQL.
          this.logger.warn(`clearing the cached hour ${snapshot.hour} failed: ${String(error)}`);
        }),
      ),
    );
    return { events: batch.items.length, hours: snapshots.length, inRedis: inRedis.size };
  }

  /**
   * Whether to look for the hour in Redis: the hours Redis keeps (the last `hours` up to the current one, and
   * the next), with one more on the old side for clocks that differ between this process and Redis. An older
   * hour is cached long here, which is safe because the worker clears the cache of every hour Redis does not
   * keep whenever a late event changes it.
   */
  private inLiveWindow(hour: number, current: number): boolean {
    return hour >= current - this.live.hours && hour <= current + 1;
  }

  private liveHour(hour: number): Promise<HourCounts | null> {
    let pending = this.liveReads.get(hour);
    if (pending === undefined) {
      pending = this.live
        .read(hour)
        .catch((error: unknown) => {
          // Redis trouble degrades to MySQL, it does not fail the read.
          this.logger.warn(`reading hour ${hour} from Redis failed: ${String(error)}`);
          return null;
        })
        .finally(() => this.liveReads.delete(hour));
      this.liveReads.set(hour, pending);
    }
    return pending;
  }

  private async stored(hour: number, ttlSeconds: number): Promise<HourCounts> {
    const counts = await this.cache.getOrLoad(
      CacheNamespace.AnalyticsHour,
      String(hour),
      () => this.repository.readHour(hour),
      () => ttlSeconds,
    );
    return counts ?? { ...EMPTY_HOUR };
  }
}

function toAnalyticsHour(hour: number, counts: HourCounts): AnalyticsHour {
  const start = hourStart(hour);
  return {
    hour: new Date(start).toISOString(),
    start,
    uniqueUsers: counts.uniqueUsers,
    clicks: counts.clicks,
    impressions: counts.impressions,
  };
}
