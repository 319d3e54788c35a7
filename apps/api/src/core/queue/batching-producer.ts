import { Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { observeWriteBatch } from '../metrics/app-metrics';

/** The payload of a write-behind job: a batch of items under an id that consumers use to apply it once. */
export interface BatchJob<T> {
  batchId: string;
  items: T[];
}

export interface BatchingOptions {
  /** A batch is sent once it holds this many items... */
  maxItems: number;
  /** ...or once its first item has waited this long. */
  maxWaitMs: number;
  jobOptions?: JobOptions;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit into Bull: items from concurrent requests are collected for a few milliseconds and added as
 * ONE job; each caller's promise settles only when that job is stored in Redis. So an acknowledged write is
 * never only in this process's memory, and the queue sees a few large jobs instead of one per request.
 */
export class BatchingProducer<T> {
  private readonly logger: Logger;
  private items: T[] = [];
  private waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly queue: Queue<BatchJob<T>>,
    private readonly options: BatchingOptions,
  ) {
    this.logger = new Logger(`BatchingProducer:${queue.name}`);
  }

  /** Resolves once the item is in a job stored by Bull; rejects if storing that job failed. */
  add(item: T): Promise<void> {
    return this.addMany([item]);
  }

  /** Adds several items that travel together (a batch endpoint's request). */
  addMany(items: T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    if (this.closed) return this.send(items);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.items.push(...items);
    if (this.items.length >= this.options.maxItems) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    return done;
  }

  /** Sends what is collected now. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.length === 0) return;
    const items = this.items;
    const waiters = this.waiters;
    this.items = [];
    this.waiters = [];
    const sending = this.send(items).then(
      () => {
        waiters.forEach((waiter) => waiter.resolve());
      },
      (error: unknown) => {
        this.logger.error(`storing a batch of ${items.length} failed: ${String(error)}`);
        waiters.forEach((waiter) => waiter.reject(error));
      },
    );
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }

  /** Sends the rest and waits for every batch under way; later items are sent one call at a time. */
  async close(): Promise<void> {
    this.closed = true;
    this.flush();
    await Promise.allSettled([...this.inFlight]);
  }

  private async send(items: T[]): Promise<void> {
    const batchId = randomUUID();
    await this.queue.add({ batchId, items }, { ...this.options.jobOptions, jobId: batchId });
    observeWriteBatch(this.queue.name, items.length);
  }
}
