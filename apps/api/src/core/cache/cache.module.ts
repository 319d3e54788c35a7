import { CacheModule as NestCacheModule, type CacheManagerOptions } from '@nestjs/cache-manager';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { KeyvAdapter } from 'cache-manager';
import { redisStore, type RedisStore } from 'cache-manager-redis-yet';
import Keyv from 'keyv';
import { AppConfig } from '../../config/app-config';
import { logRedisErrors, reconnectDelayMs } from '../redis/redis-client.factory';
import { AppCache } from './app-cache';

const REDIS_CACHE_STORE = Symbol('REDIS_CACHE_STORE');

/** Owns the cache-manager-redis-yet store so its connection is closed on shutdown (the adapter does not). */
@Module({
  providers: [
    {
      provide: REDIS_CACHE_STORE,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const store = await redisStore({
          url: config.get('REDIS_URL'),
          // Fail at once while Redis is away (AppCache then reads MySQL) instead of queueing commands.
          disableOfflineQueue: true,
          socket: {
            connectTimeout: config.get('WRITE_ACK_TIMEOUT_MS'),
            reconnectStrategy: reconnectDelayMs,
          },
        });
        logRedisErrors(store.client, 'cache');
        return store;
      },
    },
  ],
  exports: [REDIS_CACHE_STORE],
})
class RedisCacheStoreModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CACHE_STORE) private readonly store: RedisStore) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.store.client.isOpen) await this.store.client.quit();
  }
}

@Global()
@Module({
  imports: [
    NestCacheModule.registerAsync({
      imports: [RedisCacheStoreModule],
      inject: [REDIS_CACHE_STORE, AppConfig],
      useFactory: (store: RedisStore, config: AppConfig): CacheManagerOptions => {
        const redisTier = new Keyv({
          store: new KeyvAdapter(store),
          namespace: `${config.get('REDIS_KEY_PREFIX')}cache`,
        });
        // keyv ships separate CJS and ESM typings; the instance is the one cache-manager expects.
        return { stores: redisTier as unknown as CacheManagerOptions['stores'] };
      },
    }),
  ],
  providers: [AppCache],
  exports: [AppCache],
})
export class CacheModule {}
