import type { AppConfig } from '../../config/app-config';
import { createRedisClient, type RedisClient } from '../redis/redis-client.factory';

const SHARED_LISTENERS = 100;

/** The connection kinds Bull asks its `createClient` option for. */
export type BullClientType = 'client' | 'subscriber' | 'bclient';

/**
 * Bull's Redis connections, made by the one Redis factory (single node or cluster alike). Every queue shares
 * one command and one subscriber connection; each queue that processes jobs gets its own blocking one.
 * Bull does not close connections it did not create, so `close` does, after the queues have closed.
 */
export class BullConnections {
  private shared: Partial<Record<'client' | 'subscriber', RedisClient>> = {};
  private readonly blocking = new Set<RedisClient>();

  constructor(private readonly config: AppConfig) {}

  readonly create = (type: BullClientType): RedisClient => {
    if (type === 'bclient') {
      const client = createRedisClient(this.config, 'bull-blocking');
      this.blocking.add(client);
      return client;
    }
    const existing = this.shared[type];
    if (existing !== undefined) return existing;
    const client = createRedisClient(this.config, type === 'client' ? 'bull-client' : 'bull-subscriber');
    // Every queue adds its own listeners to a shared connection.
    client.setMaxListeners(SHARED_LISTENERS);
    this.shared[type] = client;
    return client;
  };

  async close(): Promise<void> {
    // A blocked BRPOPLPUSH would hold `quit` until it times out; those connections are cut instead.
    for (const client of this.blocking) client.disconnect();
    this.blocking.clear();
    const shared = Object.values(this.shared);
    this.shared = {};
    await Promise.allSettled(shared.map((client) => client.quit()));
  }
}
