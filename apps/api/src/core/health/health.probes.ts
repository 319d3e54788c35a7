import { getQueueToken } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { ComponentState, QueueDepth } from '@hotpath/contracts';
import type { Queue } from 'bull';
import type { RedisClient } from '../redis/redis-client.factory';
import { DataSource } from 'typeorm';
import { ALL_QUEUES } from '../queue/queue-names';
import { REDIS_CLIENT } from '../redis/redis.constants';

const PROBE_TIMEOUT_MS = 1500;

async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The I/O behind health and status: a round trip to MySQL and to Redis, and each queue's job counts. */
@Injectable()
export class HealthProbes {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly moduleRef: ModuleRef,
  ) {}

  async mysql(): Promise<ComponentState> {
    try {
      await within(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS);
      return 'up';
    } catch {
      return 'down';
    }
  }

  async redisState(): Promise<ComponentState> {
    try {
      return (await within(this.redis.ping(), PROBE_TIMEOUT_MS)) === 'PONG' ? 'up' : 'down';
    } catch {
      return 'down';
    }
  }

  async queueDepths(): Promise<QueueDepth[]> {
    return Promise.all(
      ALL_QUEUES.map(async (name) => {
        const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
        const counts = await within(queue.getJobCounts(), PROBE_TIMEOUT_MS);
        return {
          name,
          waiting: counts.waiting,
          active: counts.active,
          delayed: counts.delayed,
          failed: counts.failed,
        };
      }),
    );
  }
}
