import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

/** What a connection is for: commands (counters, scripts, publish) or only subscribing. */
export type RedisRole = 'commands' | 'subscriber';

export interface RedisClientOptions {
  /** A command that gets no answer within this many ms fails (commands connection only). */
  commandTimeoutMs?: number;
}

/** Reconnect soon after a restart, but never hammer a Redis that stays down. */
export const reconnectDelayMs = (attempt: number): number => Math.min(100 * attempt, 1000);

/**
 * Logs a client's errors instead of letting them end the process, once per outage rather than per retry.
 * Works for any emitter of `error`/`ready` events (ioredis, node-redis).
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

/**
 * The one place ioredis clients are built. Every client reconnects by itself and has an error handler, so a
 * Redis restart is an outage to ride out, never a crash.
 */
export function createRedisClient(url: string, role: RedisRole, options: RedisClientOptions = {}): Redis {
  const client = new Redis(url, {
    connectionName: `hotpath-${role}`,
    // A command waits through at most this many reconnection attempts before it fails.
    maxRetriesPerRequest: 2,
    retryStrategy: reconnectDelayMs,
    // A subscribing connection may not run INFO (the ready check) nor take pipelined commands.
    enableReadyCheck: role === 'commands',
    enableAutoPipelining: role === 'commands',
    ...(role === 'commands' && options.commandTimeoutMs !== undefined
      ? { commandTimeout: options.commandTimeoutMs }
      : {}),
  });
  logRedisErrors(client, role);
  return client;
}
