import { describe, expect, it } from 'vitest';
import { paymentRequestHash } from './idempotency/idempotency-key';
import { statisticsWindow, toSeries, toStatistics } from './payment-statistics';

const T0 = Date.UTC(2031, 4, 6, 10, 0, 0);

describe('statisticsWindow', () => {
  it('covers the window whole seconds ending with the current one', () => {
    expect(statisticsWindow(T0 + 999, 60)).toEqual({ fromSecond: T0 / 1000 - 59, toSecond: T0 / 1000 });
    expect(statisticsWindow(T0, 1)).toEqual({ fromSecond: T0 / 1000, toSecond: T0 / 1000 });
    expect(statisticsWindow(T0 + 1000, 1200)).toEqual({
      fromSecond: T0 / 1000 - 1198,
      toSecond: T0 / 1000 + 1,
    });
  });
});

describe('toStatistics', () => {
  const window = statisticsWindow(T0, 60);

  it('formats exact figures and rounds the average half up', () => {
    expect(
      toStatistics('EUR', 60, T0, window, {
        count: 3n,
        totalCents: 157_825n,
        minCents: 7825n,
        maxCents: 100_000n,
      }),
    ).toEqual({
      currency: 'EUR',
      windowSeconds: 60,
      count: 3,
      total: '1578.25',
      avg: '526.08',
      min: '78.25',
      max: '1000.00',
      asOf: new Date(T0).toISOString(),
      from: new Date(T0 - 59_000).toISOString(),
    });
  });

  it('keeps totals beyond 2^53 cents exact', () => {
    const huge = toStatistics('EUR', 60, T0, window, {
      count: 90_001n,
      totalCents: 9_000_100_000_000_000n,
      minCents: 100_000_000_000n,
      maxCents: 100_000_000_000n,
    });
    expect(huge).toMatchObject({ total: '90001000000000.00', avg: '1000000000.00' });
  });

  it('answers nulls for an empty window', () => {
    expect(
      toStatistics('EUR', 60, T0, window, { count: 0n, totalCents: 0n, minCents: null, maxCents: null }),
    ).toMatchObject({
      count: 0,
      total: '0.00',
      avg: null,
      min: null,
      max: null,
    });
  });
});

describe('toSeries', () => {
  it('lists every minute the window touches, oldest first, with zeros where nothing was paid', () => {
    const window = statisticsWindow(T0 + 150_500, 180);
    const minute = T0 / 60_000;
    const series = toSeries('EUR', 180, T0 + 150_500, window, [
      { minute: minute - 1, count: 1n, totalCents: 500n },
      { minute: minute + 2, count: 2n, totalCents: 301n },
    ]);
    expect(series.minutes).toEqual([
      { minute: new Date(T0 - 60_000).toISOString(), count: 1, total: '5.00' },
      { minute: new Date(T0).toISOString(), count: 0, total: '0.00' },
      { minute: new Date(T0 + 60_000).toISOString(), count: 0, total: '0.00' },
      { minute: new Date(T0 + 120_000).toISOString(), count: 2, total: '3.01' },
    ]);
    expect(series.from).toBe(new Date(T0 - 29_000).toISOString());
  });
});

describe('paymentRequestHash', () => {
  it('is the same for the same amount and currency, and differs otherwise', () => {
    const hash = paymentRequestHash({ amountCents: 1550, currency: 'EUR' });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(paymentRequestHash({ amountCents: 1550, currency: 'EUR' })).toBe(hash);
    expect(paymentRequestHash({ amountCents: 1551, currency: 'EUR' })).not.toBe(hash);
    expect(paymentRequestHash({ amountCents: 1550, currency: 'USD' })).not.toBe(hash);
  });
});
