import {
  averageCents,
  formatCents,
  type PaymentMinute,
  type PaymentSeries,
  type PaymentStatistics,
} from '@hotpath/contracts';

/**
 * The seconds a window covers at a moment: the `windowSeconds` whole seconds (Unix time) ending with the
 * second `nowMs` falls in, that second included. A payment counts when `fromSecond <= its second <= toSecond`,
 * its second being its created_at rounded down to the whole second.
 */
export interface StatisticsWindow {
  fromSecond: number;
  toSecond: number;
}

export function statisticsWindow(nowMs: number, windowSeconds: number): StatisticsWindow {
  const toSecond = Math.floor(nowMs / 1000);
  return { fromSecond: toSecond - windowSeconds + 1, toSecond };
}

/** Sums over a window's per-second buckets, as the database returns them (strings for 64-bit values). */
export interface BucketAggregate {
  count: bigint;
  totalCents: bigint;
  minCents: bigint | null;
  maxCents: bigint | null;
}

export function toStatistics(
  currency: string,
  windowSeconds: number,
  nowMs: number,
  window: StatisticsWindow,
  aggregate: BucketAggregate,
): PaymentStatistics {
  const empty = aggregate.count === 0n;
  return {
    currency,
    windowSeconds,
    count: Number(aggregate.count),
    total: formatCents(aggregate.totalCents),
    avg: empty ? null : formatCents(averageCents(aggregate.totalCents, aggregate.count)),
    min: empty || aggregate.minCents === null ? null : formatCents(aggregate.minCents),
    max: empty || aggregate.maxCents === null ? null : formatCents(aggregate.maxCents),
    asOf: new Date(nowMs).toISOString(),
    from: new Date(window.fromSecond * 1000).toISOString(),
  };
}

export interface MinuteAggregate {
  /** Unix minute: the bucket second divided by 60, rounded down. */
  minute: number;
  count: bigint;
  totalCents: bigint;
}

/** Every minute the window touches, oldest first, with zeros for the minutes without payments. */
export function toSeries(
  currency: string,
  windowSeconds: number,
  nowMs: number,
  window: StatisticsWindow,
  rows: readonly MinuteAggregate[],
): PaymentSeries {
  const byMinute = new Map(rows.map((row) => [row.minute, row]));
  const minutes: PaymentMinute[] = [];
  for (
    let minute = Math.floor(window.fromSecond / 60);
    minute <= Math.floor(window.toSecond / 60);
    minute++
  ) {
    const row = byMinute.get(minute);
    minutes.push({
      minute: new Date(minute * 60_000).toISOString(),
      count: Number(row?.count ?? 0n),
      total: formatCents(row?.totalCents ?? 0n),
    });
  }
  return {
    currency,
    windowSeconds,
    minutes,
    asOf: new Date(nowMs).toISOString(),
    from: new Date(window.fromSecond * 1000).toISOString(),
  };
}
