import { redisClusterStore, redisStore, type RedisStore } from 'cache-manager-redis-yet';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { AppConfig } from '../../config/app-config';

/** A command connection to a single Redis or to a Redis Cluster; both speak the same commands. */
export type RedisClient = Redis | Cluster;

/**
 * What a connection is for. Bull wants three kinds: `bull-client` for commands, `bull-subscriber` for its
 * pub/sub and `bull-blocking` for BRPOPLPUSH; the last two must neither retry requests nor run a ready check.
 */
export type RedisRole = 'commands' | 'subscriber' | 'bull-client' | 'bull-subscriber' | 'bull-blocking';

/** The cache tier's store (node-redis, through cache-manager-redis-yet), single node or cluster. */
export type CacheStore = RedisStore | Awaited<ReturnType<typeof redisClusterStore>>;

function roleOptions(role: RedisRole): RedisOptions {
  switch (role) {
    case 'commands':
      return { maxRetriesPerRequest: 2, enableReadyCheck: true };
    case 'subscriber':
      // A subscribing connection may not run INFO (the ready check).
      return { maxRetriesPerRequest: 2, enableReadyCheck: false };
    case 'bull-client':
      return { enableReadyCheck: false };
    case 'bull-subscriber':
    case 'bull-blocking':
      return { maxRetriesPerRequest: null, enableReadyCheck: false };
  }
}

/** User name and password of REDIS_URL: in cluster mode every node is reached with them. */
function credentials(config: AppConfig): Pick<RedisOptions, 'username' | 'password' | 'tls'> {
  const url = new URL(config.get('REDIS_URL'));
  return {
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

export function isClusterMode(config: AppConfig): boolean {
  return config.get('REDIS_CLUSTER_NODES').length > 0;
}

/**
 * Every ioredis connection of the system is made here: REDIS_CLUSTER_NODES switches all of them to cluster
 * mode at once, so no client can be left talking to a single node.
 */
export function createRedisClient(config: AppConfig, role: RedisRole): RedisClient {
  const options: RedisOptions = { ...roleOptions(role), connectionName: `hotpath-${role}` };
  // Pipelining batches the many small commands of hot paths; Bull and pub/sub connections do not want it.
  const enableAutoPipelining = role === 'commands';
  if (!isClusterMode(config)) {
    return new Redis(config.get('REDIS_URL'), { ...options, enableAutoPipelining });
  }
  return new Cluster(config.get('REDIS_CLUSTER_NODES'), {
    redisOptions: { ...options, ...credentials(config) },
    enableAutoPipelining,
  });
}

/** The cache tier's node-redis store, on the same Redis (or cluster) as everything else. */
export async function createCacheStore(config: AppConfig): Promise<CacheStore> {
  if (!isClusterMode(config)) return redisStore({ url: config.get('REDIS_URL') });
  const { username, password, tls } = credentials(config);
  const scheme = tls === undefined ? 'redis' : 'rediss';
  return redisClusterStore({
    rootNodes: config
      .get('REDIS_CLUSTER_NODES')
      .map(({ host, port }) => ({ url: `${scheme}://${host}:${port}` })),
    defaults: {
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
    },
  });
}
