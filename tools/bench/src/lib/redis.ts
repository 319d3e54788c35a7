import { Redis } from 'ioredis';

/** The Redis database the bench flushes: DB 14, or HOTPATH_BENCH_REDIS_URL, which must name a DB other than 0. */
export const BENCH_REDIS_URL = benchRedisUrl(process.env['HOTPATH_BENCH_REDIS_URL']);

export function benchRedisUrl(override: string | undefined): string {
  if (override === undefined || override === '') return 'redis://127.0.0.1:6379/14';
  const db = new URL(override).pathname.slice(1);
  if (!/^[1-9]\d*$/.test(db)) {
    throw new Error(
      `HOTPATH_BENCH_REDIS_URL: the bench flushes its database, so name one other than 0, got "${override}"`,
    );
  }
  return override;
}

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
