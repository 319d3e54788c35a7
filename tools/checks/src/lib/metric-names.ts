/**
 * The metrics the API (METRICS_PORT) and the worker (WORKER_METRICS_PORT) export, by type: the one list the
 * monitoring checks accept names from. It follows the names agreed for apps/api/src/core/metrics; once that
 * registry is merged, build this list from it instead.
 */
export const EXPORTED_METRICS = {
  http_request_duration_seconds: 'histogram',
  hotpath_queue_jobs: 'gauge',
  hotpath_queue_oldest_waiting_seconds: 'gauge',
  hotpath_write_batch_size: 'histogram',
  hotpath_cache_requests_total: 'counter',
  hotpath_rate_limit_fail_open_total: 'counter',
  // prom-client's collectDefaultMetrics(), the ones used by the dashboard and the alerts.
  nodejs_eventloop_lag_seconds: 'gauge',
  nodejs_eventloop_lag_p99_seconds: 'gauge',
  process_resident_memory_bytes: 'gauge',
  process_cpu_seconds_total: 'counter',
  nodejs_heap_size_used_bytes: 'gauge',
} as const satisfies Record<string, 'counter' | 'gauge' | 'histogram'>;

/** Series Prometheus writes itself for every scrape target. */
const PROMETHEUS_SERIES = ['up'];

/** Every series name a query may select: a histogram `h` is read as `h_bucket`, `h_count` and `h_sum`. */
export function exportedSeriesNames(): Set<string> {
  return new Set([
    ...PROMETHEUS_SERIES,
    ...Object.entries(EXPORTED_METRICS).flatMap(([name, type]) =>
      type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name],
    ),
  ]);
}
