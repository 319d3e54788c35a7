import { describe, expect, it } from 'vitest';
import { benchDatabaseUrl, spreadOverShards, STATUS_COUNT_SHARDS } from './database';
import { benchRedisUrl } from './redis';

describe('spreadOverShards', () => {
  it('keeps the total and differs by at most one between shards', () => {
    for (const count of [0, 1, 15, 16, 17, 100_000, 1_001]) {
      const shares = spreadOverShards(count, STATUS_COUNT_SHARDS);
      expect(shares).toHaveLength(STATUS_COUNT_SHARDS);
      expect(shares.reduce((total, share) => total + share, 0)).toBe(count);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    }
  });

  it('gives the remainder to the first shards', () => {
    expect(spreadOverShards(5, 3)).toEqual([2, 2, 1]);
  });
});

describe('bench database and Redis overrides', () => {
  it('defaults to hotpath_bench and DB 14, and accepts only names the bench may drop or flush', () => {
    expect(benchDatabaseUrl(undefined)).toBe('mysql://root@127.0.0.1:3306/hotpath_bench');
    expect(benchDatabaseUrl('mysql://root@127.0.0.1:3306/hotpath_t_perf_bench')).toContain(
      'hotpath_t_perf_bench',
    );
    expect(() => benchDatabaseUrl('mysql://root@127.0.0.1:3306/hotpath')).toThrow(
      'HOTPATH_BENCH_DATABASE_URL',
    );
    expect(benchRedisUrl(undefined)).toBe('redis://127.0.0.1:6379/14');
    expect(benchRedisUrl('redis://127.0.0.1:6379/11')).toBe('redis://127.0.0.1:6379/11');
    expect(() => benchRedisUrl('redis://127.0.0.1:6379')).toThrow('HOTPATH_BENCH_REDIS_URL');
    expect(() => benchRedisUrl('redis://127.0.0.1:6379/0')).toThrow('HOTPATH_BENCH_REDIS_URL');
  });
});
