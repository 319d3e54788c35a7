import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '../redis/redis-client.factory';
import { AppConfig } from '../../config/app-config';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { bullDelayedKey, bullWaitListKey, failedAttemptsKey } from './queue-keys';
import type { QueueName } from './queue-names';
import type { WriteQueueName } from './write-queues';

/** How long one reading of a queue's depth is reused: back-pressure costs one round trip per 100 ms, not per write. */
export const DEPTH_CACHE_MS = 100;

interface Reading {
  at: number;
  pending: number;
}

/**
 * The one place that reads how much work waits in the queues: the pending depth of a write queue (waiting +
 * delayed-for-retry jobs, read at most every DEPTH_CACHE_MS and shared by concurrent writers) and the counts of
 * failed attempts kept by the worker.
 */
@Injectable()
export class QueueDepths {
  private readonly prefix: string;
  private readonly readings = new Map<WriteQueueName, Reading>();
  private readonly reading = new Map<WriteQueueName, Promise<number>>();

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    config: AppConfig,
  ) {
    this.prefix = config.get('REDIS_KEY_PREFIX');
  }

  /** Jobs of the queue not yet applied and not running: waiting, or delayed until their next try. */
  async pending(queue: WriteQueueName, now = Date.now()): Promise<number> {
    const last = this.readings.get(queue);
    if (last !== undefined && now - last.at < DEPTH_CACHE_MS) return last.pending;
    let pending = this.reading.get(queue);
    if (pending === undefined) {
      pending = this.readPending(queue)
        .then((depth) => {
          this.readings.set(queue, { at: Date.now(), pending: depth });
          return depth;
        })
        .finally(() => this.reading.delete(queue));
      this.reading.set(queue, pending);
    }
    return pending;
  }

  /** Failed attempts per queue since the counters were created (the jobs themselves are retried). */
  async failedAttempts(): Promise<Partial<Record<QueueName, number>>> {
    const raw = await this.redis.hgetall(failedAttemptsKey(this.prefix));
    return Object.fromEntries(Object.entries(raw).map(([queue, count]) => [queue, Number(count)]));
  }

  async countFailedAttempt(queue: QueueName): Promise<void> {
    await this.redis.hincrby(failedAttemptsKey(this.prefix), queue, 1);
  }

  private async readPending(queue: WriteQueueName): Promise<number> {
    const [waiting, delayed] = await Promise.all([
      this.redis.llen(bullWaitListKey(this.prefix, queue)),
      this.redis.zcard(bullDelayedKey(this.prefix, queue)),
    ]);
    return waiting + delayed;
  }
}
