/**
 * Upper bounds (seconds) of the request latency buckets, shared by the Prometheus histogram and the
 * per-step counts behind GET /system/traffic, so both report the same percentiles.
 */
export const LATENCY_BUCKETS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

const BOUNDS_MS = LATENCY_BUCKETS_SECONDS.map((seconds) => seconds * 1000);

/** Number of buckets including the last, open-ended one (above 10 s). */
export const LATENCY_BUCKET_COUNT = BOUNDS_MS.length + 1;

/** Index of the bucket a duration falls in: the first whose upper bound is not below it. */
export function latencyBucketOf(durationMs: number): number {
  for (let index = 0; index < BOUNDS_MS.length; index++) {
    if (durationMs <= (BOUNDS_MS[index] ?? Infinity)) return index;
  }
  return BOUNDS_MS.length;
}

/**
 * The `quantile` (0-1) of durations counted per bucket, in milliseconds, interpolated linearly inside the
 * bucket it falls in (as Prometheus' histogram_quantile does), so it is only as exact as the buckets are
 * narrow. A quantile in the open-ended bucket is reported as the highest bound. Null when nothing was counted.
 */
export function quantileFromBuckets(counts: readonly number[], quantile: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = quantile * total;
  let below = 0;
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index] ?? 0;
    if (count > 0 && below + count >= rank) {
      const upper = BOUNDS_MS[index];
      if (upper === undefined) return BOUNDS_MS[BOUNDS_MS.length - 1] ?? null;
      const lower = index === 0 ? 0 : (BOUNDS_MS[index - 1] ?? 0);
      return lower + ((upper - lower) * (rank - below)) / count;
    }
    below += count;
  }
  return BOUNDS_MS[BOUNDS_MS.length - 1] ?? null;
}
