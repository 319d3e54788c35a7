import { Injectable } from '@nestjs/common';
import { EMPTY_HOUR, type AnalyticsEvent, type HourCounts } from '@hotpath/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { BatchApplier } from '../../core/queue/batch-applier';
import { JobRepository } from '../../core/queue/job.repository';
import { QueueName } from '../../core/queue/queue-names';
import type { HourTally } from './analytics-tally';
import type { AnalyticsHourEntity } from './analytics.entity';

/** An hour's row as committed, with the number of batches it has taken so far. */
export interface HourSnapshot extends HourCounts {
  hour: number;
  version: number;
}

type HourRow = Pick<AnalyticsHourEntity, 'hour' | 'uniqueUsers' | 'clicks' | 'impressions' | 'version'>;

const HOUR_COLUMNS = 'hour, unique_users AS uniqueUsers, clicks, impressions, version';

const toSnapshot = (row: HourRow): HourSnapshot => ({
  hour: Number(row.hour),
  uniqueUsers: Number(row.uniqueUsers),
  clicks: Number(row.clicks),
  impressions: Number(row.impressions),
  version: Number(row.version),
});

const placeholders = (rows: number, columns: number): string =>
  Array.from({ length: rows }, () => `(${Array.from({ length: columns }, () => '?').join(', ')})`).join(', ');

/**
 * All SQL of the analytics area (one transaction per batch on the write side, indexed reads by hour) and its
 * write-behind queue.
 */
@Injectable()
export class AnalyticsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applier: BatchApplier,
    private readonly jobs: JobRepository,
  ) {}

  /** Resolves once the event is stored in Redis inside a queued batch (503 when that cannot happen in time). */
  async enqueue(event: AnalyticsEvent): Promise<void> {
    await this.jobs.write(QueueName.AnalyticsEvents, [event]);
  }

  /**
   * Applies a batch's tallies in ONE transaction, once per batch id: a batch seen before changes nothing.
   * Either way it answers the touched hours' rows as committed, to be copied to Redis.
   */
  async applyBatch(batchId: string, tallies: readonly HourTally[]): Promise<HourSnapshot[]> {
    const hours = tallies.map((tally) => tally.hour);
    if (hours.length === 0) return [];
    const outcome = await this.applier.applyOnce(QueueName.AnalyticsEvents, { batchId }, async (manager) => {
      await this.addTallies(manager, tallies);
      return this.snapshots(manager, hours);
    });
    // A batch applied before changed nothing now; Redis still gets the hours' rows as committed.
    return outcome.applied ? outcome.value : this.snapshots(this.dataSource.manager, hours);
  }

  /** The hours' rows as committed now; hours without a row are left out. */
  async readSnapshots(hours: readonly number[]): Promise<HourSnapshot[]> {
    return hours.length === 0 ? [] : this.snapshots(this.dataSource.manager, hours);
  }

  /** One hour's figures; zeros for an hour nobody was seen in. */
  async readHour(hour: number): Promise<HourCounts> {
    const [row] = await this.snapshots(this.dataSource.manager, [hour]);
    return row === undefined
      ? { ...EMPTY_HOUR }
      : { uniqueUsers: row.uniqueUsers, clicks: row.clicks, impressions: row.impressions };
  }

  /** The rows of the hours from `first` to `last` (inclusive) that have any events, by hour. */
  async readRange(first: number, last: number): Promise<Map<number, HourSnapshot>> {
    const rows: HourRow[] = await this.dataSource.query(
      `SELECT ${HOUR_COLUMNS} FROM analytics_hours WHERE hour BETWEEN ? AND ?`,
      [first, last],
    );
    return new Map(rows.map((row) => [Number(row.hour), toSnapshot(row)]));
  }

  private async addTallies(manager: EntityManager, tallies: readonly HourTally[]): Promise<void> {
    const now = new Date();
    // The hours' rows are locked first, in ascending hour order: batches sharing an hour queue here,
    // so the user rows below are only ever written by the batch holding their hour.
    await manager.query(
      `INSERT INTO analytics_hours (hour, clicks, impressions, version, updated_at) VALUES ${placeholders(tallies.length, 5)}
       ON DUPLICATE KEY UPDATE clicks = clicks + VALUES(clicks), impressions = impressions + VALUES(impressions),
         version = version + 1, updated_at = VALUES(updated_at)`,
      tallies.flatMap((tally) => [tally.hour, tally.clicks, tally.impressions, 1, now]),
    );
    const added: Array<[hour: number, users: number]> = [];
    for (const tally of tallies) {
      // The primary key keeps one row per (hour, user); the rows this insert adds are the hour's new users.
      const result: { affectedRows?: number } = await manager.query(
        `INSERT IGNORE INTO analytics_hour_users (hour, username) VALUES ${placeholders(tally.users.length, 2)}`,
        tally.users.flatMap((user) => [tally.hour, user]),
      );
      const newUsers = result.affectedRows ?? 0;
      if (newUsers > 0) added.push([tally.hour, newUsers]);
    }
    if (added.length > 0) {
      await manager.query(
        `INSERT INTO analytics_hours (hour, unique_users, updated_at) VALUES ${placeholders(added.length, 3)}
         ON DUPLICATE KEY UPDATE unique_users = unique_users + VALUES(unique_users)`,
        added.flatMap(([hour, users]) => [hour, users, now]),
      );
    }
  }

  private async snapshots(manager: EntityManager, hours: readonly number[]): Promise<HourSnapshot[]> {
    const rows: HourRow[] = await manager.query(
      `SELECT ${HOUR_COLUMNS} FROM analytics_hours WHERE hour IN (?) ORDER BY hour`,
      [hours],
    );
    return rows.map(toSnapshot);
  }
}
