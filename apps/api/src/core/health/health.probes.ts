import { Injectable } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import type { ComponentState, QueueDepth, RedisPersistenceState } from '@hotpath/contracts';
import type { RedisClient } from '../redis/redis-client.factory';
import { DataSource } from 'typeorm';
import { withDeadline } from '../queue/deadline';
import { JobRepository } from '../queue/job.repository';
import { QueueDepths } from '../queue/queue-depths';
import { RedisDurability } from '../redis/redis-durability';
import { REDIS_CLIENT } from '../redis/redis.constants';

const PROBE_TIMEOUT_MS = 1500;

const within = <T>(work: Promise<T>, ms: number): Promise<T> =>
  withDeadline(work, ms, () => new Error(`no answer within ${ms} ms`));

/** The I/O behind health and status: a round trip to MySQL and to Redis, Redis's persistence, queue counts. */
@Injectable()
export class HealthProbes {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly durability: RedisDurability,
    private readonly jobs: JobRepository,
    private readonly depths: QueueDepths,
  ) {}

  /** Whether readiness refuses traffic while the queue Redis does not log writes. */
  get durableRedisRequired(): boolean {
    return this.durability.required;
  }

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

  async redisPersistence(): Promise<RedisPersistenceState> {
    return within(this.durability.persistence(), PROBE_TIMEOUT_MS).catch(() => 'unknown' as const);
  }

  async queueDepths(): Promise<QueueDepth[]> {
    const [counts, failedAttempts] = await within(
      Promise.all([this.jobs.counts(), this.depths.failedAttempts()]),
      PROBE_TIMEOUT_MS,
    );
    return counts.map(({ name, counts: queue }) => ({
      name,
      waiting: queue.waiting,
      active: queue.active,
      delayed: queue.delayed,
      failed: queue.failed,
      failedAttempts: failedAttempts[name] ?? 0,
    }));
  }
}
