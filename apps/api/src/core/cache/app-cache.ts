import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import type { RedisClient } from '../redis/redis-client.factory';
import { AppConfig } from '../../config/app-config';
import { REDIS_CLIENT, REDIS_SUBSCRIBER } from '../redis/redis.constants';
import { countCacheRequest } from '../metrics/app-metrics';
import type { CacheNamespace } from './cache-namespaces';
import { LocalCache } from './local-cache';

/** What a tier holds for a key: a value, or the fact that there is none (a cached miss). */
type Cached<T> = { hit: true; value: T } | { hit: false };

/** Seconds a loaded value (null for a miss) stays in Redis; 0 keeps it out of both tiers. */
export type TtlFor<T> = (value: T | null) => number;

/** How long after an invalidation the key is deleted again, to catch a load that raced the change. */
export const SECOND_INVALIDATION_DELAY_MS = 300;

/**
 * The one door to the cache. It owns key names (namespace + id under the configured prefix) and runs
 * two tiers: a short-lived in-process map for hot keys in front of the shared Redis tier
 * (`@nestjs/cache-manager` over `cache-manager-redis-yet`). Concurrent misses for one key share one load;
 * invalidations reach every instance through Redis pub/sub, and the local TTL bounds what a lost message costs.
 */
@Injectable()
export class AppCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AppCache.name);
  private readonly local: LocalCache<Cached<unknown>>;
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** In-process tiers of values Redis already holds elsewhere, one per namespace, each with its own TTL. */
  private readonly localOnly = new Map<CacheNamespace, LocalCache<unknown>>();
  private readonly localOnlyMaxEntries: number;
  /** Keys invalidated while a load for them was in flight: that load must not be written back. */
  private readonly invalidatedDuringLoad = new Set<string>();
  private readonly channel: string;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    @Inject(CACHE_MANAGER) private readonly shared: Cache,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(REDIS_SUBSCRIBER) private readonly subscriber: RedisClient,
    config: AppConfig,
  ) {
    this.local = new LocalCache(config.get('LOCAL_CACHE_TTL_MS'), config.get('LOCAL_CACHE_MAX_ENTRIES'));
    this.channel = `${config.get('REDIS_KEY_PREFIX')}cache-invalidate`;
    this.localOnlyMaxEntries = config.get('LOCAL_CACHE_MAX_ENTRIES');
  }

  async onModuleInit(): Promise<void> {
    this.subscriber.on('message', (channel: string, key: string) => {
      if (channel !== this.channel) return;
      this.local.delete(key);
      for (const tier of this.localOnly.values()) tier.delete(key);
      if (this.inflight.has(key)) this.invalidatedDuringLoad.add(key);
    });
    await this.subscriber.subscribe(this.channel);
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /**
   * Reads through both tiers and, on a miss in both, runs `load` once for all concurrent callers.
   * A null from `load` is cached as a miss, for as long as `ttlFor(null)` says.
   */
  async getOrLoad<T>(
    namespace: CacheNamespace,
    id: string,
    load: () => Promise<T | null>,
    ttlFor: TtlFor<T>,
  ): Promise<T | null> {
    const key = this.key(namespace, id);
    const local = this.local.get(key) as Cached<T> | undefined;
    if (local !== undefined) {
      countCacheRequest(namespace, true);
      return local.hit ? local.value : null;
    }
    const pending = this.inflight.get(key) as Promise<T | null> | undefined;
    if (pending !== undefined) return pending;

    const loading = this.readThrough(namespace, key, load, ttlFor).finally(() => {
      this.inflight.delete(key);
      this.invalidatedDuringLoad.delete(key);
    });
    this.inflight.set(key, loading);
    return loading;
  }

  /**
   * An in-process tier only, for values whose source is already fast and shared (e.g. Redis counters):
   * a value is reused for `ttlMs` and may be that stale, the price of saving a round trip per read.
   * Concurrent misses share one load; nothing is written to Redis. `ttlMs` 0 loads every time.
   */
  async getOrLoadLocal<T>(
    namespace: CacheNamespace,
    id: string,
    load: () => Promise<T>,
    ttlMs: number,
  ): Promise<T> {
    if (ttlMs <= 0) return load();
    let tier = this.localOnly.get(namespace) as LocalCache<T> | undefined;
    if (tier === undefined) {
      tier = new LocalCache<T>(ttlMs, this.localOnlyMaxEntries);
      this.localOnly.set(namespace, tier);
    }
    const key = this.key(namespace, id);
    const cached = tier.get(key);
    if (cached !== undefined) {
      countCacheRequest(namespace, true);
      return cached;
    }
    const pending = this.inflight.get(key) as Promise<T> | undefined;
    if (pending !== undefined) return pending;
    countCacheRequest(namespace, false);
    const localTier = tier;
    const loading = load()
      .then((value) => {
        localTier.set(key, value);
        return value;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, loading);
    return loading;
  }

  /** Drops ids from this process's `getOrLoadLocal` tier of a namespace (after this process changed them). */
  forgetLocal(namespace: CacheNamespace, ids: Iterable<string>): void {
    const tier = this.localOnly.get(namespace);
    if (tier === undefined) return;
    for (const id of ids) tier.delete(this.key(namespace, id));
  }

  /** Whether either tier currently knows that `id` exists; never loads. */
  async peek<T>(namespace: CacheNamespace, id: string): Promise<Cached<T> | undefined> {
    const key = this.key(namespace, id);
    const local = this.local.get(key) as Cached<T> | undefined;
    if (local !== undefined) return local;
    return (await this.readShared<T>(key)) ?? undefined;
  }

  async set<T>(namespace: CacheNamespace, id: string, value: T, ttlSeconds: number): Promise<void> {
    const key = this.key(namespace, id);
    const entry: Cached<T> = { hit: true, value };
    this.local.set(key, entry);
    await this.shared.set(key, entry, ttlSeconds * 1000);
  }

  /** Removes a key from Redis and from every instance's local tier, now and once more shortly after. */
  async invalidate(namespace: CacheNamespace, id: string): Promise<void> {
    const key = this.key(namespace, id);
    await this.dropEverywhere(key);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.dropEverywhere(key).catch((error: unknown) =>
        this.logger.warn(`second invalidation of ${key} failed: ${String(error)}`),
      );
    }, SECOND_INVALIDATION_DELAY_MS);
    timer.unref();
    this.timers.add(timer);
  }

  /** Empties this instance's local tier (after a bulk change made behind the API's back, as tests do). */
  clearLocal(): void {
    this.local.clear();
    for (const tier of this.localOnly.values()) tier.clear();
  }

  private async readThrough<T>(
    namespace: CacheNamespace,
    key: string,
    load: () => Promise<T | null>,
    ttlFor: TtlFor<T>,
  ): Promise<T | null> {
    const shared = await this.readShared<T>(key);
    if (shared !== null) {
      countCacheRequest(namespace, true);
      if (!this.invalidatedDuringLoad.has(key)) this.local.set(key, shared);
      return shared.hit ? shared.value : null;
    }
    countCacheRequest(namespace, false);
    const value = await load();
    const ttlSeconds = ttlFor(value);
    if (ttlSeconds <= 0 || this.invalidatedDuringLoad.has(key)) return value;
    const entry: Cached<T> = value === null ? { hit: false } : { hit: true, value };
    this.local.set(key, entry, ttlSeconds * 1000);
    await this.shared.set(key, entry, ttlSeconds * 1000).catch((error: unknown) => {
      this.logger.warn(`cache write of ${key} failed: ${String(error)}`);
    });
    return value;
  }

  private async readShared<T>(key: string): Promise<Cached<T> | null> {
    try {
      return (await this.shared.get<Cached<T>>(key)) ?? null;
    } catch (error) {
      // Redis trouble degrades to the database, it does not fail the read.
      this.logger.warn(`cache read of ${key} failed: ${String(error)}`);
      return null;
    }
  }

  private async dropEverywhere(key: string): Promise<void> {
    this.local.delete(key);
    if (this.inflight.has(key)) this.invalidatedDuringLoad.add(key);
    await this.shared.del(key);
    await this.redis.publish(this.channel, key);
  }

  private key(namespace: CacheNamespace, id: string): string {
    return `${namespace}:${id}`;
  }
}
