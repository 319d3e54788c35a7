import { Injectable } from '@nestjs/common';
import type {
  CreatePaymentInput,
  LegacyPaymentStatistics,
  ListPaymentsParams,
  Page,
  Payment,
  PaymentSeries,
  PaymentStatistics,
  PaymentStatisticsParams,
} from '@hotpath/contracts';
import { DEFAULT_CURRENCY } from '@hotpath/contracts';
import { AppConfig } from '../../config/app-config';
import { AppCache } from '../../core/cache/app-cache';
import { CacheNamespace, CacheTtl } from '../../core/cache/cache-namespaces';
import { ValidationError } from '../../core/errors/validation.error';
import { isIdPosition, keysetPage, readCursor } from '../../core/http/cursor';
import { IDEMPOTENCY_KEY_TTL_MS, paymentRequestHash, type KeyAnswer } from './idempotency/idempotency-key';
import { IdempotencyKeysRepository } from './idempotency/idempotency-keys.repository';
import type { AnsweredPayment } from './idempotency/payment-outcome';
import { PaymentBatchWriter } from './payment-batch-writer';
import { toPayment, type PaymentRecord } from './payment-record';
import { statisticsWindow, toSeries, toStatistics } from './payment-statistics';
import { PaymentsClock } from './payments-clock';
import { PaymentsRepository } from './payments.repository';

/** Statistics buckets are kept a day, far beyond the longest window (an hour). */
const BUCKET_RETENTION_SECONDS = 86_400;
/** Rows deleted per statement, so pruning never holds long locks. */
const PRUNE_CHUNK = 5000;

@Injectable()
export class PaymentsService {
  private readonly defaultWindowSeconds: number;

  constructor(
    private readonly writer: PaymentBatchWriter,
    private readonly repository: PaymentsRepository,
    private readonly keys: IdempotencyKeysRepository,
    private readonly cache: AppCache,
    private readonly clock: PaymentsClock,
    config: AppConfig,
  ) {
    this.defaultWindowSeconds = config.get('PAYMENT_STATS_WINDOW_SECONDS');
  }

  /**
   * Settles once the payment is committed; the answer to a known Idempotency-Key is the stored one.
   * `respond` (the caller's serialiser) makes the answer of a created payment, stored for its key.
   */
  async create(
    input: CreatePaymentInput,
    idempotencyKey: string | undefined,
    respond: (payment: PaymentRecord) => KeyAnswer,
  ): Promise<AnsweredPayment> {
    const outcome = await this.writer.submit({
      amountCents: input.amountCents,
      currency: input.currency,
      respond,
      ...(idempotencyKey === undefined
        ? {}
        : { idempotency: { key: idempotencyKey, requestHash: paymentRequestHash(input) } }),
    });
    if (outcome.kind === 'key-reused') {
      throw new ValidationError(
        [
          {
            field: 'Idempotency-Key',
            message: 'was already used for a different payment request within 24 hours',
          },
        ],
        { message: 'Idempotency-Key reused with a different request' },
      );
    }
    return outcome;
  }

  async list(query: ListPaymentsParams): Promise<Page<Payment>> {
    const after = readCursor(query.cursor, isIdPosition);
    const rows = await this.repository.list(query.limit, after?.id);
    const { page, nextCursor } = keysetPage(rows, query.limit, (last) => ({ id: last.id }));
    return { data: page.map(toPayment), meta: { limit: query.limit, nextCursor, total: null } };
  }

  /**
   * Exact figures over the window, from the per-second buckets (cost bounded by the window, not by the
   * payments in it). Shared by every instance through the cache and computed at most once per second per
   * window and currency; after Redis is lost it is simply computed again from MySQL.
   */
  async statistics(query: PaymentStatisticsParams): Promise<PaymentStatistics> {
    const windowSeconds = query.window ?? this.defaultWindowSeconds;
    return this.perSecond('summary', query.currency, windowSeconds, async (nowMs) => {
      const window = statisticsWindow(nowMs, windowSeconds);
      return toStatistics(
        query.currency,
        windowSeconds,
        nowMs,
        window,
        await this.repository.aggregate(query.currency, window),
      );
    });
  }

  /** Count and total per minute across the window, for the dashboard's chart. */
  async series(query: PaymentStatisticsParams): Promise<PaymentSeries> {
    const windowSeconds = query.window ?? this.defaultWindowSeconds;
    return this.perSecond('series', query.currency, windowSeconds, async (nowMs) => {
      const window = statisticsWindow(nowMs, windowSeconds);
      return toSeries(
        query.currency,
        windowSeconds,
        nowMs,
        window,
        await this.repository.perMinute(query.currency, window),
      );
    });
  }

  /** The seed's GET /statistics: total and average (0.00 when empty) in EUR over the default window. */
  async legacyStatistics(): Promise<LegacyPaymentStatistics> {
    const statistics = await this.statistics({ currency: DEFAULT_CURRENCY });
    return { total_amount: statistics.total, avg_amount: statistics.avg ?? '0.00' };
  }

  /** Deletes expired Idempotency-Keys (already ignored) and buckets older than the retention, in chunks. */
  async prune(): Promise<{ keys: number; buckets: number }> {
    const nowMs = this.clock.now();
    const keysBefore = new Date(nowMs - IDEMPOTENCY_KEY_TTL_MS);
    let keys = 0;
    let removed: number;
    do {
      removed = await this.keys.prune(keysBefore, PRUNE_CHUNK);
      keys += removed;
    } while (removed === PRUNE_CHUNK);
    const bucketsBefore = Math.floor(nowMs / 1000) - BUCKET_RETENTION_SECONDS;
    let buckets = 0;
    for (const currency of await this.repository.bucketCurrencies()) {
      do {
        removed = await this.repository.pruneBuckets(currency, bucketsBefore, PRUNE_CHUNK);
        buckets += removed;
      } while (removed === PRUNE_CHUNK);
    }
    return { keys, buckets };
  }

  private async perSecond<T>(
    kind: 'summary' | 'series',
    currency: string,
    windowSeconds: number,
    compute: (nowMs: number) => Promise<T>,
  ): Promise<T> {
    const nowMs = this.clock.now();
    const second = Math.floor(nowMs / 1000);
    const value = await this.cache.getOrLoad(
      CacheNamespace.PaymentStatistics,
      `${kind}:${currency}:${windowSeconds}:${second}`,
      () => compute(nowMs),
      () => CacheTtl[CacheNamespace.PaymentStatistics].seconds,
    );
    if (value === null) throw new Error('payment statistics could not be computed');
    return value;
  }
}
