import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKET_COUNT, latencyBucketOf, quantileFromBuckets } from './latency-buckets';

function countsOf(durationsMs: number[]): number[] {
  const counts = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const duration of durationsMs) counts[latencyBucketOf(duration)]! += 1;
  return counts;
}

describe('latency buckets', () => {
  it('puts a duration in the first bucket whose bound is not below it', () => {
    expect(latencyBucketOf(0.2)).toBe(0);
    expect(latencyBucketOf(1)).toBe(0);
    expect(latencyBucketOf(1.01)).toBe(1);
    expect(latencyBucketOf(10_000)).toBe(12);
    expect(latencyBucketOf(60_000)).toBe(13);
  });

  it('has no quantile when nothing was counted', () => {
    expect(quantileFromBuckets(countsOf([]), 0.99)).toBeNull();
  });

  it('finds the p99 inside the bucket holding the 99th percentile, interpolated', () => {
    // 99 fast requests (<= 1 ms) and one slow one of 400 ms: the 99th of 100 is still fast.
    const fast = countsOf([...new Array<number>(99).fill(0.5), 400]);
    expect(quantileFromBuckets(fast, 0.99)).toBe(1);
    // 90 fast and 10 between 250 and 500 ms: rank 99 is the 9th of the 10 slow ones.
    const slow = countsOf([...new Array<number>(90).fill(0.5), ...new Array<number>(10).fill(300)]);
    expect(quantileFromBuckets(slow, 0.99)).toBeCloseTo(250 + (250 * 9) / 10);
  });

  it('reports the highest bound when the quantile is in the open-ended bucket', () => {
    expect(quantileFromBuckets(countsOf([20_000, 30_000]), 0.99)).toBe(10_000);
  });
});
