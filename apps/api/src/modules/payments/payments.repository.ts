import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { decideKey, type KeyDecision } from './idempotency/idempotency-key';
import { IdempotencyKeysRepository, type NewKey } from './idempotency/idempotency-keys.repository';
import { outcomesOf, type PaymentOutcome } from './idempotency/payment-outcome';
import type { PaymentRecord, PaymentRow, PendingPayment } from './payment-record';
import type { BucketAggregate, MinuteAggregate, StatisticsWindow } from './payment-statistics';
import { ReplicaReads } from '../../core/database/replica-reads';

/** The statistics buckets of one second are split over this many rows, so concurrent batches rarely wait on one row. */
export const STATS_SHARDS = 8;

export interface CommitOptions {
  /** created_at of every payment of the batch; its second is the statistics bucket. */
  createdAt: Date;
  /** Which of the STATS_SHARDS rows of that second this batch adds to. */
  shard: number;
}

type Big = string | number;

const toBig = (value: Big | null | undefined): bigint => BigInt(value ?? 0);

/** All SQL of the payments area. Writes happen only in commitBatch: one transaction per batch of payments. */
@Injectable()
export class PaymentsRepository {
  private autoIncrementStep: Promise<number> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly replicas: ReplicaReads,
    private readonly keys: IdempotencyKeysRepository,
  ) {}

  /**
   * Stores a batch in ONE transaction: the payments (one multi-row INSERT), the answers to their
   * Idempotency-Keys and the per-second statistics. Keys already answered are replayed or refused and
   * create nothing. Either all of it commits or none of it; the results are in the order of `items`.
   *
   * A key committed by another instance between the locking read and the insert makes the key INSERT fail
   * with ER_DUP_ENTRY, which rolls everything back: the caller retries, and the retry finds the key.
   */
  async commitBatch(items: readonly PendingPayment[], options: CommitOptions): Promise<PaymentOutcome[]> {
    const step = await this.step();
    // READ COMMITTED: the locking read of absent keys takes no gap locks, so batches with unrelated keys never deadlock.
    return this.dataSource.transaction('READ COMMITTED', async (manager) => {
      const nowMs = options.createdAt.getTime();
      const keys = items.flatMap((item) => (item.idempotency === undefined ? [] : [item.idempotency.key]));
      const stored = await this.keys.lock(manager, keys);
      const decisions = items.map((item): KeyDecision =>
        item.idempotency === undefined
          ? { kind: 'new' }
          : decideKey(stored.get(item.idempotency.key), item.idempotency.requestHash, nowMs),
      );
      // Expired answers of keys that are used again make way for the new ones.
      const superseded = items.flatMap((item, index) =>
        item.idempotency !== undefined && decisions[index]?.kind === 'new' && stored.has(item.idempotency.key)
          ? [item.idempotency.key]
          : [],
      );
      await this.keys.remove(manager, superseded);

      const fresh = items.filter((_, index) => decisions[index]?.kind === 'new');
      const records = await this.insertPayments(manager, fresh, options.createdAt, step);
      const answers = records.map((record, index) => {
        const item = fresh[index];
        if (item === undefined) throw new Error('a created payment has no request');
        return item.respond(record);
      });
      const newKeys = fresh.flatMap((item, index): NewKey[] => {
        const record = records[index];
        const answer = answers[index];
        if (item.idempotency === undefined || record === undefined || answer === undefined) return [];
        return [{ ...item.idempotency, paymentId: record.id, answer }];
      });
      await this.keys.insert(manager, newKeys, options.createdAt);
      await this.addToBuckets(manager, records, options.shard);
      return outcomesOf(decisions, answers);
    });
  }

  /** Newest first by id (from a replica when they are in step); `beforeId` continues after the last row of the previous page. One extra row tells if more follow. */
  async list(limit: number, beforeId?: number): Promise<PaymentRecord[]> {
    const rows: PaymentRow[] = await this.replicas.query(
      `SELECT id, amount_cents AS amountCents, currency, created_at AS createdAt FROM payments
       ${beforeId === undefined ? '' : 'WHERE id < ?'} ORDER BY id DESC LIMIT ?`,
      beforeId === undefined ? [limit + 1] : [beforeId, limit + 1],
    );
    return rows.map((row) => ({
      id: Number(row.id),
      amountCents: Number(row.amountCents),
      currency: row.currency,
      createdAt: row.createdAt,
    }));
  }

  /** Sums the window's buckets: at most window x STATS_SHARDS rows, however many payments they hold. */
  async aggregate(currency: string, window: StatisticsWindow): Promise<BucketAggregate> {
    const rows: Array<{ count: Big | null; total: Big | null; min: Big | null; max: Big | null }> =
      await this.dataSource.query(
        `SELECT SUM(count) AS count, SUM(total_cents) AS total, MIN(min_cents) AS min, MAX(max_cents) AS max
         FROM payment_stats_seconds WHERE currency = ? AND bucket_second BETWEEN ? AND ?`,
        [currency, window.fromSecond, window.toSecond],
      );
    const row = rows[0];
    return {
      count: toBig(row?.count),
      totalCents: toBig(row?.total),
      minCents: row?.min === null || row?.min === undefined ? null : toBig(row.min),
      maxCents: row?.max === null || row?.max === undefined ? null : toBig(row.max),
    };
  }

  /** Count and total per Unix minute over the window's buckets (minutes without payments are absent). */
  async perMinute(currency: string, window: StatisticsWindow): Promise<MinuteAggregate[]> {
    const rows: Array<{ minute: Big; count: Big; total: Big }> = await this.dataSource.query(
      `SELECT bucket_second DIV 60 AS minute, SUM(count) AS count, SUM(total_cents) AS total
       FROM payment_stats_seconds WHERE currency = ? AND bucket_second BETWEEN ? AND ?
       GROUP BY bucket_second DIV 60 ORDER BY minute`,
      [currency, window.fromSecond, window.toSecond],
    );
    return rows.map((row) => ({
      minute: Number(row.minute),
      count: toBig(row.count),
      totalCents: toBig(row.total),
    }));
  }

  /** Deletes up to `limit` statistics buckets of one currency older than `beforeSecond`. */
  async pruneBuckets(currency: string, beforeSecond: number, limit: number): Promise<number> {
    const result: { affectedRows?: number } = await this.dataSource.query(
      'DELETE FROM payment_stats_seconds WHERE currency = ? AND bucket_second < ? LIMIT ?',
      [currency, beforeSecond, limit],
    );
    return result.affectedRows ?? 0;
  }

  async bucketCurrencies(): Promise<string[]> {
    const rows: Array<{ currency: string }> = await this.dataSource.query(
      'SELECT DISTINCT currency FROM payment_stats_seconds',
    );
    return rows.map((row) => row.currency);
  }

  /**
   * One multi-row INSERT. A simple INSERT of n rows reserves n consecutive auto-increment values at once
   * (InnoDB, every lock mode), spaced by auto_increment_increment, so the ids follow from the first one.
   */
  private async insertPayments(
    manager: EntityManager,
    payments: readonly PendingPayment[],
    createdAt: Date,
    step: number,
  ): Promise<PaymentRecord[]> {
    if (payments.length === 0) return [];
    const result: { insertId: number; affectedRows: number } = await manager.query(
      'INSERT INTO payments (amount_cents, currency, created_at) VALUES ?',
      [payments.map((payment) => [payment.amountCents, payment.currency, createdAt])],
    );
    if (result.affectedRows !== payments.length) {
      throw new Error(`inserted ${result.affectedRows} payments instead of ${payments.length}`);
    }
    return payments.map((payment, index) => ({
      id: Number(result.insertId) + index * step,
      amountCents: payment.amountCents,
      currency: payment.currency,
      createdAt,
    }));
  }

  private async addToBuckets(
    manager: EntityManager,
    records: readonly PaymentRecord[],
    shard: number,
  ): Promise<void> {
    const byCurrency = new Map<
      string,
      { second: number; count: number; total: number; min: number; max: number }
    >();
    for (const record of records) {
      const second = Math.floor(record.createdAt.getTime() / 1000);
      const bucket = byCurrency.get(record.currency);
      if (bucket === undefined) {
        byCurrency.set(record.currency, {
          second,
          count: 1,
          total: record.amountCents,
          min: record.amountCents,
          max: record.amountCents,
        });
      } else {
        bucket.count++;
        bucket.total += record.amountCents;
        bucket.min = Math.min(bucket.min, record.amountCents);
        bucket.max = Math.max(bucket.max, record.amountCents);
      }
    }
    if (byCurrency.size === 0) return;
    // In currency order, so concurrent batches lock bucket rows in the same order.
    const rows = [...byCurrency]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, bucket]) => [
        currency,
        bucket.second,
        shard,
        bucket.count,
        bucket.total,
        bucket.min,
        bucket.max,
      ]);
    await manager.query(
      `INSERT INTO payment_stats_seconds (currency, bucket_second, shard, count, total_cents, min_cents, max_cents)
       VALUES ? ON DUPLICATE KEY UPDATE
         count = count + VALUES(count),
         total_cents = total_cents + VALUES(total_cents),
         min_cents = LEAST(min_cents, VALUES(min_cents)),
         max_cents = GREATEST(max_cents, VALUES(max_cents))`,
      [rows],
    );
  }

  private step(): Promise<number> {
    this.autoIncrementStep ??= this.dataSource
      .query('SELECT @@auto_increment_increment AS step')
      .then((rows: Array<{ step: Big }>) => Number(rows[0]?.step ?? 1))
      .catch((error: unknown) => {
        this.autoIncrementStep = undefined;
        throw error;
      });
    return this.autoIncrementStep;
  }
}
