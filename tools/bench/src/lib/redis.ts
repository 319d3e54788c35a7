import { Redis } from 'ioredis';

export const BENCH_REDIS_URL = 'redis://127.0.0.1:6379/14';

/** Empties the bench's own Redis database (never another one: the URL names it). */
export async function flushRedisDatabase(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  try {
    await client.connect();
    await client.flushdb();
  } finally {
    client.disconnect();
  }
}
