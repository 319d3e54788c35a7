import { setTimeout as sleep } from 'node:timers/promises';

/** The cache look-ups of the API (every process, every namespace) since boot, from its metrics port. */
export interface CacheMetrics {
  hits: number;
  misses: number;
}

/** Sums `hotpath_cache_requests_total` by result over every namespace of a Prometheus scrape. */
export function cacheMetricsOf(scrape: string): CacheMetrics {
  const totals: CacheMetrics = { hits: 0, misses: 0 };
  for (const match of scrape.matchAll(/^hotpath_cache_requests_total\{([^}]*)\} (\S+)$/gm)) {
    const result = /result="(hit|miss)"/.exec(match[1] ?? '')?.[1];
    if (result === 'hit') totals.hits += Number(match[2]);
    if (result === 'miss') totals.misses += Number(match[2]);
  }
  return totals;
}

/** The few calls the runner itself makes to the API, outside the measured load. */
export class ApiClient {
  /** `metricsUrl`: the API's Prometheus endpoint (METRICS_PORT), summed over its processes. */
  constructor(
    readonly baseUrl: string,
    readonly metricsUrl: string,
  ) {}

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
    const response = await fetch(this.metricsUrl, { signal: AbortSignal.timeout(5000) });
    const text = await response.text();
    if (response.status !== 200)
      throw new Error(`GET ${this.metricsUrl} answered ${response.status}: ${text}`);
    return cacheMetricsOf(text);
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
