import { Counter, Histogram } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS } from './latency-buckets';

/**
 * The application's own Prometheus metrics, in prom-client's default registry (which the metrics port serves
 * and the cluster primary aggregates). Names are part of the operating contract: dashboards and alerts use them.
 */
const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time from receiving a request to finishing its answer, by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [...LATENCY_BUCKETS_SECONDS],
});

const writeBatchSize = new Histogram({
  name: 'hotpath_write_batch_size',
  help: 'Items per write-behind job added to a queue (group commit of concurrent requests).',
  labelNames: ['queue'] as const,
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000],
});

const cacheRequests = new Counter({
  name: 'hotpath_cache_requests_total',
  help: 'Cache look-ups by namespace: hit (in-process or Redis tier) or miss (loaded from MySQL).',
  labelNames: ['namespace', 'result'] as const,
});

type Observer = { observe(value: number): void };
type Incrementer = { inc(): void };

// Children are kept per label set: prom-client hashes the labels on every call otherwise.
const requestChildren = new Map<string, Observer>();
const batchChildren = new Map<string, Observer>();
const cacheChildren = new Map<string, Incrementer>();

export function observeHttpRequest(method: string, route: string, statusCode: number, seconds: number): void {
  const key = `${method} ${statusCode} ${route}`;
  let child = requestChildren.get(key);
  if (child === undefined) {
    child = httpRequestDuration.labels(method, route, String(statusCode));
    requestChildren.set(key, child);
  }
  child.observe(seconds);
}

/** Called by the batching producer for every job it adds. */
export function observeWriteBatch(queue: string, items: number): void {
  let child = batchChildren.get(queue);
  if (child === undefined) {
    child = writeBatchSize.labels(queue);
    batchChildren.set(queue, child);
  }
  child.observe(items);
}

/** Called by the cache for every look-up. */
export function countCacheRequest(namespace: string, hit: boolean): void {
  const key = `${namespace}:${hit ? 'hit' : 'miss'}`;
  let child = cacheChildren.get(key);
  if (child === undefined) {
    child = cacheRequests.labels(namespace, hit ? 'hit' : 'miss');
    cacheChildren.set(key, child);
  }
  child.inc();
}
