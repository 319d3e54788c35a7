import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { TRAFFIC_KEEP_SECONDS, TRAFFIC_STEP_SECONDS } from './traffic-steps';

/**
 * Per-step traffic hashes in Redis (`<prefix>{traffic}:<step start, epoch seconds>`), shared by every instance.
 * One hash tag for all steps, so the range read stays one pipeline on a Redis Cluster too (a few KiB in all).
 */
@Injectable()
export class TrafficRepository {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.get('REDIS_KEY_PREFIX')}{traffic}:`;
  }

  /** Adds one process's counts of a step to everyone's, in one round trip. */
  async addCounts(step: number, fields: readonly [string, number][]): Promise<void> {
    if (fields.length === 0) return;
    const key = this.key(step);
    const pipeline = this.redis.multi();
    for (const [field, value] of fields) pipeline.hincrby(key, field, value);
    pipeline.expire(key, TRAFFIC_KEEP_SECONDS);
    await pipeline.exec();
  }

  /** True for the one caller (of every process and instance) that is to sample the queues for this step. */
  async claimQueueSample(step: number): Promise<boolean> {
    const claimed = await this.redis.set(`${this.key(step)}:sampled`, '1', 'EX', TRAFFIC_KEEP_SECONDS, 'NX');
    return claimed === 'OK';
  }

  async setQueueSample(step: number, fields: Record<string, string>): Promise<void> {
    if (Object.keys(fields).length === 0) return;
    const key = this.key(step);
    await this.redis.multi().hset(key, fields).expire(key, TRAFFIC_KEEP_SECONDS).exec();
  }

  /** The hashes of `count` consecutive steps from `firstStep`, in one round trip. */
  async readSteps(firstStep: number, count: number): Promise<Record<string, string>[]> {
    const pipeline = this.redis.pipeline();
    for (let index = 0; index < count; index++) pipeline.hgetall(this.key(firstStep + index));
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, hash]) => {
      if (error) throw error;
      return hash as Record<string, string>;
    });
  }

  private key(step: number): string {
    return `${this.prefix}${step * TRAFFIC_STEP_SECONDS}`;
  }
}
