import { describe, expect, it } from 'vitest';
import { cacheDelta, cacheMetricsOf } from './http';

describe('cacheDelta', () => {
  it('counts only what happened between the snapshots', () => {
    const before = { hits: 100, misses: 50, hitRatio: 2 / 3, localEntries: 10 };
    const after = { hits: 1_000, misses: 150, hitRatio: 0.87, localEntries: 900 };
    expect(cacheDelta(before, after)).toEqual({ hits: 900, misses: 100, hitRatio: 0.9 });
  });

  it('has no ratio when nothing was looked up', () => {
    const snapshot = { hits: 5, misses: 5, hitRatio: 0.5, localEntries: 1 };
    expect(cacheDelta(snapshot, snapshot).hitRatio).toBeNaN();
  });
});

describe('cacheMetricsOf', () => {
  it('sums cache hits and misses of every namespace in a scrape', () => {
    const scrape = [
      '# HELP hotpath_cache_requests_total Cache look-ups',
      '# TYPE hotpath_cache_requests_total counter',
      'hotpath_cache_requests_total{namespace="subscriber",result="hit"} 900',
      'hotpath_cache_requests_total{namespace="subscriber",result="miss"} 40',
      'hotpath_cache_requests_total{namespace="poll-results",result="hit"} 100',
      'http_request_duration_seconds_count{method="GET",route="/polls",status_code="200"} 7',
    ].join('\n');
    expect(cacheMetricsOf(scrape)).toEqual({ hits: 1000, misses: 40 });
    expect(cacheMetricsOf('')).toEqual({ hits: 0, misses: 0 });
  });
});
