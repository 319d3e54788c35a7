import { Logger } from '@nestjs/common';
import { redisClusterStore, redisStore, type RedisStore } from 'cache-manager-redis-yet';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { AppConfig } from '../../config/app-config';

/** A command connection to a single Redis or to a Redis Cluster; both speak the same commands. */
export type RedisClient = Redis | Cluster;

/**
 * What a connection is for: `commands` (counters, scripts, publish), `subscriber` (pub/sub only), and the three
 * kinds Bull asks for: `bull-client` for commands, `bull-subscriber` for its pub/sub and `bull-blocking` for
 * BRPOPLPUSH; the last two must neither retry requests nor run a ready check.
 */
export type RedisRole = 'commands' | 'subscriber' | 'bull-client' | 'bull-subscriber' | 'bull-blocking';

export interface RedisClientOptions {
  /** A command that gets no answer within this many ms fails (commands connection only). */
  commandTimeoutMs?: number;
}

/** The cache tier's store (node-redis, through cache-manager-redis-yet), single node or cluster. */
export type CacheStore = RedisStore | Awaited<ReturnType<typeof redisClusterStore>>;

/** Reconnect soon after a restart, but never hammer a Redis that stays down. */
export const reconnectDelayMs = (attempt: number): number => Math.min(100 * attempt, 1000);

/**
 * Logs a client's errors instead of letting them end the process, once per outage rather than per retry.
 * Works for any emitter of `error`/`ready` events (ioredis, ioredis Cluster, node-redis).
 */
export function logRedisErrors(
  client: { on(event: 'error' | 'ready', listener: (error?: unknown) => void): unknown },
  name: string,
): void {
  const logger = new Logger(`Redis:${name}`);
  let reported = false;
  client.on('error', (error) => {
    if (reported) return;
    reported = true;
    logger.warn(`connection trouble, reconnecting: ${String(error)}`);
  });
  client.on('ready', () => {
    if (reported) logger.log('connection back');
    reported = false;
  });
}

function roleOptions(role: RedisRole, options: RedisClientOptions): RedisOptions {
  switch (role) {
    case 'commands':
      return {
        // A command waits through at most this many reconnection attempts before it fails.
        maxRetriesPerRequest: 2,
        enableReadyCheck: true,
        ...(options.commandTimeoutMs === undefined ? {} : { commandTimeout: options.commandTimeoutMs }),
      };
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
 * The one place ioredis clients are built. REDIS_CLUSTER_NODES switches all of them to cluster mode at once,
 * so no client can be left talking to a single node. Every client reconnects by itself and has an error
 * handler, so a Redis restart is an outage to ride out, never a crash.
 */
export function createRedisClient(
  config: AppConfig,
  role: RedisRole,
  clientOptions: RedisClientOptions = {},
): RedisClient {
  const options: RedisOptions = {
    ...roleOptions(role, clientOptions),
    connectionName: `hotpath-${role}`,
    retryStrategy: reconnectDelayMs,
  };
  // Pipelining batches the many small commands of hot paths; Bull and pub/sub connections do not want it.
  const enableAutoPipelining = role === 'commands';
  const client = isClusterMode(config)
    ? new Cluster(config.get('REDIS_CLUSTER_NODES'), {
        redisOptions: { ...options, ...credentials(config) },
        enableAutoPipelining,
        clusterRetryStrategy: reconnectDelayMs,
      })
    : new Redis(config.get('REDIS_URL'), { ...options, enableAutoPipelining });
  logRedisErrors(client, role);
  return client;
}

/** The cache tier's node-redis store, on the same Redis (or cluster) as everything else. */
export async function createCacheStore(config: AppConfig): Promise<CacheStore> {
  const socket = { connectTimeout: config.get('WRITE_ACK_TIMEOUT_MS'), reconnectStrategy: reconnectDelayMs };
  // Fail at once while Redis is away (AppCache then reads MySQL) instead of queueing commands.
  const disableOfflineQueue = true;
  let store: CacheStore;
  if (!isClusterMode(config)) {
    store = await redisStore({ url: config.get('REDIS_URL'), disableOfflineQueue, socket });
  } else {
    const { username, password, tls } = credentials(config);
    const scheme = tls === undefined ? 'redis' : 'rediss';
    store = await redisClusterStore({
      rootNodes: config
        .get('REDIS_CLUSTER_NODES')
        .map(({ host, port }) => ({ url: `${scheme}://${host}:${port}` })),
      defaults: {
        ...(username === undefined ? {} : { username }),
        ...(password === undefined ? {} : { password }),
        disableOfflineQueue,
        socket,
      },
    });
  }
  logRedisErrors(store.client, 'cache');
  return store;
}
