import { CacheModule as NestCacheModule, type CacheManagerOptions } from '@nestjs/cache-manager';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { KeyvAdapter } from 'cache-manager';
import Keyv from 'keyv';
import { AppConfig } from '../../config/app-config';
import { createCacheStore, type CacheStore } from '../redis/redis-client.factory';
import { AppCache } from './app-cache';

const REDIS_CACHE_STORE = Symbol('REDIS_CACHE_STORE');

/** Owns the cache-manager-redis-yet store so its connection is closed on shutdown (the adapter does not). */
@Module({
  providers: [
    {
      provide: REDIS_CACHE_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createCacheStore(config),
    },
  ],
  exports: [REDIS_CACHE_STORE],
})
class RedisCacheStoreModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CACHE_STORE) private readonly store: CacheStore) {}

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
      useFactory: (store: CacheStore, config: AppConfig): CacheManagerOptions => {
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
