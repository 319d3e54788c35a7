import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../../config/app-config';
import { KeysInFlight } from './idempotency/keys-in-flight';
import type { PaymentOutcome } from './idempotency/payment-outcome';
import { isRetryableBatchError, PaymentNotConfirmedError } from './payment-errors';
import type { PendingPayment } from './payment-record';
import { PaymentsClock } from './payments-clock';
import { PaymentsRepository, STATS_SHARDS } from './payments.repository';

export interface BatchWriterOptions {
  /** A batch is committed once it holds this many payments... */
  maxSize: number;
  /** ...or once its first payment has waited this long. */
  maxWaitMs: number;
  /** Batches committing at once; more payments wait and join the next batch. */
  concurrency: number;
  /** Tries per batch when the database reports a conflict another try can get past. */
  attempts: number;
}

interface Waiter {
  payment: PendingPayment;
  resolve: (outcome: PaymentOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for payments. Concurrent requests are collected for a few milliseconds (or until a batch is
 * full) and committed to MySQL in ONE transaction; each request's promise settles only after that commit,
 * so an answered payment is durable. While `concurrency` batches are committing, newcomers wait and form a
 * larger next batch, which is how throughput grows with load. A failed batch fails all of its requests.
 * Requests with the same Idempotency-Key go through KeysInFlight, so they never share or race a batch here.
 */
@Injectable()
export class PaymentBatchWriter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PaymentBatchWriter.name);
  private readonly options: BatchWriterOptions;
  private pending: Waiter[] = [];
  private due = false;
  private closing = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly keysInFlight = new KeysInFlight();

  constructor(
    private readonly repository: PaymentsRepository,
    private readonly clock: PaymentsClock,
    config: AppConfig,
  ) {
    this.options = {
      maxSize: config.get('PAYMENT_BATCH_MAX_SIZE'),
      maxWaitMs: config.get('PAYMENT_BATCH_MAX_WAIT_MS'),
      // Leave half of the pool to reads (lists, statistics) and to other areas.
      concurrency: Math.max(1, Math.min(4, Math.floor(config.get('DATABASE_POOL_SIZE') / 2))),
      attempts: 4,
    };
  }

  /** Settles once the payment's batch has committed; rejects with PaymentNotConfirmedError when it did not. */
  async submit(payment: PendingPayment): Promise<PaymentOutcome> {
    if (payment.idempotency === undefined) return this.enqueue(payment);
    return this.keysInFlight.run(payment.idempotency, () => this.enqueue(payment));
  }

  /** Commits what is collected and waits for every batch under way; later payments are committed at once. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.due = true;
    this.dispatch();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private enqueue(payment: PendingPayment): Promise<PaymentOutcome> {
    return new Promise<PaymentOutcome>((resolve, reject) => {
      this.pending.push({ payment, resolve, reject });
      if (this.closing || this.pending.length >= this.options.maxSize) this.due = true;
      if (this.due) {
        this.dispatch();
      } else {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.due = true;
          this.dispatch();
        }, this.options.maxWaitMs);
      }
    });
  }

  /** Starts batches while some are due and a commit slot is free. */
  private dispatch(): void {
    while (this.due && this.pending.length > 0 && this.inFlight.size < this.options.concurrency) {
      const batch = this.pending.splice(0, this.options.maxSize);
      const committing: Promise<void> = this.commit(batch).finally(() => {
        this.inFlight.delete(committing);
        this.dispatch();
      });
      this.inFlight.add(committing);
    }
    if (this.pending.length === 0) {
      this.due = this.closing;
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private async commit(batch: Waiter[]): Promise<void> {
    let results: PaymentOutcome[];
    try {
      results = await this.commitWithRetries(batch.map((waiter) => waiter.payment));
    } catch (error) {
      this.logger.error({
        message: 'payment batch not committed',
        payments: batch.length,
        error: String(error),
      });
      const failure = new PaymentNotConfirmedError(error);
      for (const waiter of batch) waiter.reject(failure);
      return;
    }
    batch.forEach((waiter, index) => {
      const result = results[index];
      if (result === undefined)
        waiter.reject(new PaymentNotConfirmedError(new Error('no result for a payment')));
      else waiter.resolve(result);
    });
  }

  private async commitWithRetries(payments: PendingPayment[]): Promise<PaymentOutcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.repository.commitBatch(payments, {
          createdAt: new Date(this.clock.now()),
          shard: randomInt(STATS_SHARDS),
        });
      } catch (error) {
        if (attempt >= this.options.attempts || !isRetryableBatchError(error)) throw error;
        await sleep(attempt * 5 + randomInt(5));
      }
    }
  }
}
