import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import type { Env } from '../config/env.schema';
import { CacheModule } from './cache/cache.module';
import { DatabaseModule } from './database/database.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';

export type ConfigOverrides = Partial<Record<keyof Env, string>>;

/** What every process needs, API and worker alike: validated config, MySQL, Redis, the cache and the queues. */
export function platformModules(overrides: ConfigOverrides = {}): DynamicModule['imports'] {
  return [ConfigModule.forRoot(overrides), DatabaseModule, RedisModule, CacheModule, QueueModule];
}
