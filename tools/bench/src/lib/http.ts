import { setTimeout as sleep } from 'node:timers/promises';

/** The cache counters of one API instance since boot, as GET /system/metrics reports them. */
export interface CacheMetrics {
  hits: number;
  misses: number;
  hitRatio: number;
  localEntries: number;
}

function isCacheMetrics(value: unknown): value is CacheMetrics {
  const cache = value as Partial<Record<keyof CacheMetrics, unknown>> | null;
  return (
    typeof cache === 'object' &&
    cache !== null &&
    typeof cache.hits === 'number' &&
    typeof cache.misses === 'number' &&
    typeof cache.localEntries === 'number'
  );
}

/** The few calls the runner itself makes to the API, outside the measured load. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async getJson(path: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(new URL(path, this.baseUrl), { signal: AbortSignal.timeout(5000) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: the text is reported as it is.
    }
    return { status: response.status, body };
  }

  async cacheMetrics(): Promise<CacheMetrics> {
    const { status, body } = await this.getJson('/system/metrics');
    const cache = (body as { cache?: unknown } | null)?.cache;
    if (status !== 200 || !isCacheMetrics(cache)) {
      throw new Error(`GET /system/metrics answered ${status}: ${JSON.stringify(body)}`);
    }
    return cache;
  }

  /** Polls GET /health/ready until it answers 200; fails early when `alive()` turns false. */
  async waitUntilReady(timeoutMs: number, alive: () => boolean): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (!alive()) throw new Error(`the API exited before it was ready (${last})`);
      try {
        const { status, body } = await this.getJson('/health/ready');
        if (status === 200) return;
        last = `${status} ${JSON.stringify(body)}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(200);
    }
    throw new Error(`the API was not ready within ${timeoutMs} ms (last: ${last})`);
  }
}

/** Hits and misses counted between two snapshots of the cache counters. */
export function cacheDelta(
  before: CacheMetrics,
  after: CacheMetrics,
): { hits: number; misses: number; hitRatio: number } {
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  return { hits, misses, hitRatio: hits + misses === 0 ? Number.NaN : hits / (hits + misses) };
}
