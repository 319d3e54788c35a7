import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { isLockConflictError } from '../../core/database/mysql-errors';
import { SubscribersRepository, type NewSubscriber, type SubscriberRecord } from './subscribers.repository';

/** Most subscribers one transaction inserts. */
const MAX_BATCH = 100;
/** Batches committing at once; newcomers wait and form the next, larger batch. */
const MAX_BATCHES_IN_FLIGHT = 4;
/** Tries of one transaction that the server gives up over a lock conflict. */
const LOCK_ATTEMPTS = 3;

interface Waiter {
  subscriber: NewSubscriber;
  resolve: (record: SubscriberRecord | null) => void;
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

  /** Resolves with the stored row once committed, or null when the email already exists. */
  insert(subscriber: NewSubscriber): Promise<SubscriberRecord | null> {
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

  private async commit(batch: Waiter[]): Promise<void> {
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
      batch.forEach((waiter, index) => waiter.resolve(records[index] ?? null));
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
        waiter.resolve(await withLockRetries(() => this.repository.insert(waiter.subscriber)));
      } catch (error) {
        waiter.reject(error);
      }
    }
  }
}

/** Runs a transaction again when the server gave it up over a lock conflict (a deadlock victim, say). */
async function withLockRetries<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= LOCK_ATTEMPTS || !isLockConflictError(error)) throw error;
    }
  }
}
