import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { RedisClient } from './redis-client.factory';
import { AppConfig } from '../../config/app-config';
import { requiresDurableRedis } from '../../config/env.schema';
import { REDIS_CLIENT } from './redis.constants';

/** Whether the Redis that holds the queues logs every write to disk (AOF), as INFO persistence reports it. */
export type RedisPersistence = 'aof' | 'off' | 'unknown';

/**
 * An acknowledged write lives in Redis until the worker applies it, so Redis must keep it across a restart:
 * with `appendonly no` a kill -9 loses it. This reads the setting, warns at boot when it is off, and tells
 * readiness whether to refuse traffic (REQUIRE_DURABLE_REDIS).
 */
@Injectable()
export class RedisDurability implements OnApplicationBootstrap {
  private readonly logger = new Logger(RedisDurability.name);
  readonly required: boolean;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    config: AppConfig,
  ) {
    this.required = requiresDurableRedis(config.env);
  }

  async onApplicationBootstrap(): Promise<void> {
    const persistence = await this.persistence();
    if (persistence !== 'off') return;
    const message =
      'Redis does not log writes (appendonly no): acknowledged writes waiting in the queues are lost if Redis is killed';
    if (this.required) this.logger.error(`${message}; /health/ready answers 503 (REQUIRE_DURABLE_REDIS=on)`);
    else
      this.logger.warn(`${message}; set appendonly yes, and REQUIRE_DURABLE_REDIS=on to refuse traffic then`);
  }

  async persistence(): Promise<RedisPersistence> {
    try {
      const info = await this.redis.info('persistence');
      const match = /^aof_enabled:(\d)/m.exec(info);
      if (match === null) return 'unknown';
      return match[1] === '1' ? 'aof' : 'off';
    } catch {
      return 'unknown';
    }
  }
}
