import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { isLockConflict } from '../../core/database/mysql-errors';
import { SubscribersRepository, type NewSubscriber, type SubscriberRecord } from './subscribers.repository';

/** Most subscribers one transaction inserts. */
const MAX_BATCH = 100;
/** Batches committing at once; newcomers wait and form the next, larger batch. */
const MAX_BATCHES_IN_FLIGHT = 4;
/** Tries of one transaction that the server gives up over a lock conflict. */
const LOCK_ATTEMPTS = 3;

/** What became of one new subscriber: stored now, or the subscriber already stored under its email. */
export type InsertOutcome =
  { created: true; record: SubscriberRecord } | { created: false; existing: SubscriberRecord | null };

interface Waiter {
  subscriber: NewSubscriber;
  resolve: (outcome: InsertOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for new subscribers. A request is written at once when fewer than MAX_BATCHES_IN_FLIGHT
 * batches are committing; otherwise it waits and joins the next batch, so a commit's cost is shared by
 * more requests as load grows and nothing waits on a timer when load is light. Each request is answered
 * only after the commit that holds its row, and the unique index decides each email (null: taken).
 * A transaction the server gives up over a lock conflict is tried again; a batch that still fails is
 * retried one subscriber per transaction, so that every request gets its own answer.
 */
@Injectable()
export class SubscriberInsertBatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SubscriberInsertBatcher.name);
  private queue: Waiter[] = [];
  private inFlight = 0;
  private idle: Array<() => void> = [];

  constructor(private readonly repository: SubscribersRepository) {}

  /**
   * Resolves once committed with the stored row, or with the subscriber that already has the email (null
   * when the unique index refused it without the batch having read the holder).
   */
  insert(subscriber: NewSubscriber): Promise<InsertOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ subscriber, resolve, reject });
      this.pump();
    });
  }

  /** Lets every queued and committing batch finish before the database pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.inFlight < MAX_BATCHES_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.commit(batch).finally(() => {
        this.inFlight--;
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0) {
          for (const resolve of this.idle.splice(0)) resolve();
        }
      });
    }
  }

  private async commit(waiting: Waiter[]): Promise<void> {
    // Emails already stored are answered at once, as a look-up per request would (one read for the batch);
    // the rest are inserted, and between them the unique index decides.
    let batch = waiting;
    try {
      const existing = await this.repository.findManyByEmail(
        waiting.map((waiter) => waiter.subscriber.email),
      );
      batch = [];
      for (const waiter of waiting) {
        const holder = existing.get(waiter.subscriber.email);
        if (holder !== undefined) waiter.resolve({ created: false, existing: holder });
        else batch.push(waiter);
      }
    } catch (error) {
      this.logger.warn(`looking up ${waiting.length} emails failed, inserting them all: ${String(error)}`);
    }
    if (batch.length === 0) return;
    let records: Array<SubscriberRecord | null> | undefined;
    let failure: unknown;
    try {
      records = await withLockRetries(() =>
        this.repository.insertMany(batch.map((waiter) => waiter.subscriber)),
      );
    } catch (error) {
      failure = error;
    }
    if (records !== undefined) {
      batch.forEach((waiter, index) => waiter.resolve(outcome(records[index] ?? null)));
      return;
    }
    const [only] = batch;
    if (batch.length === 1 && only !== undefined) {
      only.reject(failure);
      return;
    }
    this.logger.warn(
      `a batch of ${batch.length} subscribers failed, retrying one by one: ${String(failure)}`,
    );
    // One after another: parallel single inserts would only fight over the same locks again.
    for (const waiter of batch) {
      try {
        waiter.resolve(outcome(await withLockRetries(() => this.repository.insert(waiter.subscriber))));
      } catch (error) {
        waiter.reject(error);
      }
    }
  }
}

const outcome = (record: SubscriberRecord | null): InsertOutcome =>
  record === null ? { created: false, existing: null } : { created: true, record };

/** Runs a transaction again when the server gave it up over a lock conflict (a deadlock victim, say). */
async function withLockRetries<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= LOCK_ATTEMPTS || !isLockConflict(error)) throw error;
    }
  }
}
