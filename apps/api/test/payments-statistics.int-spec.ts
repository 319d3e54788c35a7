import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiError, Envelope, LegacyPaymentStatistics, PaymentSeries } from '@hotpath/contracts';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetState, startApi } from './support/test-app';
import { loseRedis, pay, PAYMENT_TABLES, setClock, statistics } from './support/payments-helpers';

let api: NestFastifyApplication;

/** 2031-05-06T10:00:00Z: a whole minute, so the edges below are easy to read. */
const T0 = Date.UTC(2031, 4, 6, 10, 0, 0);
const S0 = T0 / 1000;

/** Pays `amount` with the clock at `ms`, so the payment's second is known. */
async function payAt(ms: number, amount: string | number, currency?: string): Promise<void> {
  setClock(api, ms);
  const response = await pay(api, currency === undefined ? { amount } : { amount, currency });
  expect(response.statusCode).toBe(201);
}

beforeAll(async () => {
  api = await startApi({ PAYMENT_STATS_WINDOW_SECONDS: '1200' });
});

afterAll(async () => {
  await api.close();
});

beforeEach(async () => {
  vi.restoreAllMocks();
  await resetState(api, PAYMENT_TABLES);
});

describe('GET /payments/statistics', () => {
  it('is exact against a hand-computed set: total, average half up, min and max as decimal strings', async () => {
    for (const amount of ['0.01', '19.99', '1000000000.00', '33.33', 0.1, 7]) await payAt(T0 + 100, amount);
    setClock(api, T0 + 500);
    // 0.01 + 19.99 + 1000000000.00 + 33.33 + 0.10 + 7.00 = 1000000060.43; / 6 = 166666676.738333…
    expect(await statistics(api, '?window=60')).toEqual({
      currency: 'EUR',
      windowSeconds: 60,
      count: 6,
      total: '1000000060.43',
      avg: '166666676.74',
      min: '0.01',
      max: '1000000000.00',
      asOf: new Date(T0 + 500).toISOString(),
      from: new Date(T0 - 59_000).toISOString(),
    });
  });

  it('rounds the average half up to the cent and keeps currencies apart', async () => {
    await payAt(T0, '0.01', 'USD');
    await payAt(T0 + 10, '0.02', 'USD');
    await payAt(T0 + 20, '100.00', 'EUR');
    setClock(api, T0 + 30);
    // (0.01 + 0.02) / 2 = 0.015 → 0.02
    expect(await statistics(api, '?currency=usd')).toMatchObject({
      currency: 'USD',
      count: 2,
      total: '0.03',
      avg: '0.02',
      min: '0.01',
      max: '0.02',
    });
    expect(await statistics(api)).toMatchObject({
      currency: 'EUR',
      count: 1,
      total: '100.00',
      avg: '100.00',
    });
  });

  it('counts exactly the window seconds: floor(now) - window + 1 through floor(now)', async () => {
    const now = T0 + 30_500; // second S0 + 30
    await payAt(T0 - 30_000 + 999, '1000.00'); // second S0 - 30 = now - 60: just outside a 60 s window
    await payAt(T0 - 29_000, '1.01'); // second S0 - 29: the first second inside
    await payAt(T0 - 29_000 + 999, '2.02');
    await payAt(T0 + 30_000, '3.03'); // the current second
    await payAt(T0 + 30_400, '4.04');
    setClock(api, now);
    expect(await statistics(api, '?window=60')).toMatchObject({
      count: 4,
      total: '10.10',
      min: '1.01',
      max: '4.04',
      from: new Date(T0 - 29_000).toISOString(),
    });
    expect(await statistics(api, '?window=61')).toMatchObject({ count: 5, total: '1010.10', max: '1000.00' });
    expect(await statistics(api, '?window=1')).toMatchObject({
      count: 2,
      total: '7.07',
      from: new Date(T0 + 30_000).toISOString(),
    });
    // A minute later the whole set has left a 60 s window.
    setClock(api, now + 90_000);
    expect(await statistics(api, '?window=60')).toMatchObject({
      count: 0,
      total: '0.00',
      avg: null,
      min: null,
      max: null,
    });
  });

  it('uses PAYMENT_STATS_WINDOW_SECONDS (1200) by default', async () => {
    await payAt(T0 - 1_200_000, '50.00'); // 1200 s before now's second: outside
    await payAt(T0 - 1_199_000, '20.00'); // 1199 s before: inside
    setClock(api, T0 + 999);
    expect(await statistics(api)).toMatchObject({
      windowSeconds: 1200,
      count: 1,
      total: '20.00',
      from: new Date(T0 - 1_199_000).toISOString(),
    });
  });

  it('answers zeros and nulls without payments', async () => {
    expect(await statistics(api, '?window=3600')).toMatchObject({
      windowSeconds: 3600,
      count: 0,
      total: '0.00',
      avg: null,
      min: null,
      max: null,
    });
  });

  it('computes once per second and window: figures may be up to one second old, never older', async () => {
    setClock(api, T0 + 100);
    expect((await statistics(api, '?window=60')).count).toBe(0);
    await payAt(T0 + 200, '1.00');
    setClock(api, T0 + 900);
    expect((await statistics(api, '?window=60')).count).toBe(0);
    setClock(api, T0 + 1000);
    expect((await statistics(api, '?window=60')).count).toBe(1);
  });

  it('is rebuilt from MySQL after Redis has lost everything', async () => {
    for (const amount of ['10.00', '20.00', '30.01']) await payAt(T0, amount);
    setClock(api, T0 + 10);
    const before = await statistics(api);
    expect(before).toMatchObject({ count: 3, total: '60.01', avg: '20.00' });
    await loseRedis(api);
    expect(await statistics(api)).toEqual(before);
  });

  it('is shared by API instances and survives a restart of the API', async () => {
    const other = await startApi({ PAYMENT_STATS_WINDOW_SECONDS: '1200' });
    try {
      setClock(other, T0);
      await payAt(T0, '1.50');
      expect((await pay(other, { amount: '2.50' })).statusCode).toBe(201);
      setClock(api, T0 + 2000);
      setClock(other, T0 + 2000);
      const fromOne = await statistics(api);
      expect(fromOne).toMatchObject({ count: 2, total: '4.00', avg: '2.00' });
      expect(await statistics(other)).toEqual(fromOne);
    } finally {
      await other.close();
    }
    const restarted = await startApi({ PAYMENT_STATS_WINDOW_SECONDS: '1200' });
    try {
      await loseRedis(restarted);
      setClock(restarted, T0 + 2000);
      expect(await statistics(restarted)).toMatchObject({ count: 2, total: '4.00' });
    } finally {
      await restarted.close();
    }
  });

  it('answers 422 for a window outside 1..3600 or a bad currency', async () => {
    for (const query of ['window=0', 'window=3601', 'window=1.5', 'window=abc', 'currency=EURO']) {
      const response = await api.inject({ method: 'GET', url: `/payments/statistics?${query}` });
      expect(response.statusCode, query).toBe(422);
      expect(response.json<ApiError>().details?.length, query).toBeGreaterThan(0);
    }
  });
});

describe('GET /payments/statistics/series', () => {
  it('gives count and total per minute across the window, zeros included, edges clipped', async () => {
    await payAt(T0 - 40_000, '100.00'); // 09:59:20, outside the window below
    await payAt(T0 - 20_000, '5.00'); // 09:59:40
    await payAt(T0 + 10_000, '1.00'); // 10:00:10
    await payAt(T0 + 50_000, '2.00'); // 10:00:50
    await payAt(T0 + 140_000, '3.00'); // 10:02:20
    setClock(api, T0 + 150_500); // 10:02:30.5; a 180 s window starts at 09:59:31
    const response = await api.inject({ method: 'GET', url: '/payments/statistics/series?window=180' });
    expect(response.statusCode).toBe(200);
    const series = response.json<Envelope<PaymentSeries>>().data;
    expect(series).toMatchObject({
      currency: 'EUR',
      windowSeconds: 180,
      from: new Date(T0 - 29_000).toISOString(),
    });
    expect(series.minutes).toEqual([
      { minute: new Date(T0 - 60_000).toISOString(), count: 1, total: '5.00' },
      { minute: new Date(T0).toISOString(), count: 2, total: '3.00' },
      { minute: new Date(T0 + 60_000).toISOString(), count: 0, total: '0.00' },
      { minute: new Date(T0 + 120_000).toISOString(), count: 1, total: '3.00' },
    ]);
  });

  it('answers 422 for a bad window', async () => {
    expect(
      (await api.inject({ method: 'GET', url: '/payments/statistics/series?window=0' })).statusCode,
    ).toBe(422);
  });
});

describe('GET /statistics (the seed contract)', () => {
  it('answers {total_amount, avg_amount} over the default window', async () => {
    for (const amount of ['1000.00', '500.00', 78.25]) await payAt(T0, amount);
    await payAt(T0, '999.00', 'USD');
    setClock(api, T0 + 100);
    const response = await api.inject({ method: 'GET', url: '/statistics' });
    expect(response.statusCode).toBe(200);
    // 1578.25 / 3 = 526.0833…
    expect(response.json<LegacyPaymentStatistics>()).toEqual({
      total_amount: '1578.25',
      avg_amount: '526.08',
    });
  });

  it('answers zeros without payments', async () => {
    const response = await api.inject({ method: 'GET', url: '/statistics' });
    expect(response.json<LegacyPaymentStatistics>()).toEqual({ total_amount: '0.00', avg_amount: '0.00' });
  });
});

describe('the statistics buckets', () => {
  it('hold per-second sums that match the payments', async () => {
    for (let index = 0; index < 40; index++) await payAt(T0 + (index % 4) * 1000, `${index + 1}.25`);
    const rows: Array<{ bucket_second: string; count: string; total: string }> = await api
      .get(DataSource)
      .query(
        `SELECT bucket_second, SUM(count) AS count, SUM(total_cents) AS total FROM payment_stats_seconds
       GROUP BY bucket_second ORDER BY bucket_second`,
      );
    const payments: Array<{ second: string; count: string; total: string }> = await api.get(DataSource).query(
      `SELECT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', created_at) AS second, COUNT(*) AS count, SUM(amount_cents) AS total FROM payments
       GROUP BY second ORDER BY second`,
    );
    expect(rows.map((row) => [Number(row.bucket_second), Number(row.count), Number(row.total)])).toEqual(
      payments.map((row) => [Number(row.second), Number(row.count), Number(row.total)]),
    );
    expect(rows.map((row) => Number(row.bucket_second))).toEqual([S0, S0 + 1, S0 + 2, S0 + 3]);
  });
});
