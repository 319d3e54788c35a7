import type { Page, Payment, PaymentSeries, PaymentStatistics } from '@hotpath/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../api/http';
import { paymentsApi } from '../api/payments.api';
import { AFTER_PAYMENT_REFRESH_MS, STATS_REFRESH_MS, usePaymentsStore } from './payments.store';

vi.mock('../api/payments.api', () => ({
  paymentsApi: { create: vi.fn(), list: vi.fn(), statistics: vi.fn(), series: vi.fn() },
}));

const api = vi.mocked(paymentsApi);

function stats(count: number, total: string): PaymentStatistics {
  return {
    currency: 'EUR',
    windowSeconds: 1200,
    count,
    total,
    avg: count === 0 ? null : total,
    min: count === 0 ? null : total,
    max: count === 0 ? null : total,
    asOf: '2031-05-06T10:00:00.000Z',
    from: '2031-05-06T09:40:01.000Z',
  };
}

const series: PaymentSeries = {
  currency: 'EUR',
  windowSeconds: 1200,
  minutes: [],
  asOf: '2031-05-06T10:00:00.000Z',
  from: '2031-05-06T09:40:01.000Z',
};

const payment = (id: number, amount: string): Payment => ({
  id,
  amount,
  currency: 'EUR',
  createdAt: '2031-05-06T10:00:00.000Z',
});

const page = (payments: Payment[]): Page<Payment> => ({
  data: payments,
  meta: { limit: 10, nextCursor: null, total: null },
});

describe('payments store', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    setActivePinia(createPinia());
    api.statistics.mockResolvedValue(stats(0, '0.00'));
    api.series.mockResolvedValue(series);
    api.list.mockResolvedValue(page([]));
  });

  afterEach(() => {
    usePaymentsStore().stop();
    vi.useRealTimers();
  });

  it('loads the figures on start and again every 5 seconds until stopped', async () => {
    vi.useFakeTimers();
    const store = usePaymentsStore();
    store.start();
    await vi.waitFor(() => expect(store.statistics?.count).toBe(0));
    api.statistics.mockResolvedValue(stats(2, '30.00'));
    await vi.advanceTimersByTimeAsync(STATS_REFRESH_MS);
    expect(store.statistics).toMatchObject({ count: 2, total: '30.00' });
    expect(api.statistics).toHaveBeenCalledTimes(2);
    store.stop();
    await vi.advanceTimersByTimeAsync(STATS_REFRESH_MS * 3);
    expect(api.statistics).toHaveBeenCalledTimes(2);
  });

  it('asks for the chosen window and currency', async () => {
    const store = usePaymentsStore();
    await store.setWindow(300);
    expect(api.statistics).toHaveBeenCalledWith({ currency: 'EUR', window: 300 });
    expect(api.series).toHaveBeenCalledWith({ currency: 'EUR', window: 300 });
    await store.setWindow(null);
    expect(api.statistics).toHaveBeenLastCalledWith({ currency: 'EUR' });
  });

  it('keeps a failed refresh as an error and clears it on the next success', async () => {
    const store = usePaymentsStore();
    api.statistics.mockRejectedValueOnce(
      new HttpError({ statusCode: 0, error: 'Network Error', message: 'The API cannot be reached.' }),
    );
    await store.refresh();
    expect(store.error?.message).toBe('The API cannot be reached.');
    await store.refresh();
    expect(store.error).toBeNull();
  });

  it('pays the canonical amount with an Idempotency-Key and refreshes soon after', async () => {
    vi.useFakeTimers();
    const store = usePaymentsStore();
    store.start();
    await vi.waitFor(() => expect(api.statistics).toHaveBeenCalledTimes(1));
    api.create.mockResolvedValue(payment(7, '15.50'));
    const result = await store.pay({ amount: ' 15.5 ', currency: 'eur' });
    expect(result).toEqual({ ok: true, value: payment(7, '15.50') });
    expect(api.create).toHaveBeenCalledWith(
      { amount: '15.50', currency: 'EUR' },
      expect.stringMatching(/^[0-9a-f-]{36}$/),
    );
    expect(store.latest).toEqual([payment(7, '15.50')]);
    await vi.advanceTimersByTimeAsync(AFTER_PAYMENT_REFRESH_MS);
    expect(api.statistics).toHaveBeenCalledTimes(2);
  });

  it('checks the draft before sending anything', async () => {
    const store = usePaymentsStore();
    const result = await store.pay({ amount: '1.005', currency: 'EURO' });
    expect(result).toEqual({
      ok: false,
      message: null,
      fieldErrors: {
        amount: 'must have at most 2 decimal places',
        currency: 'must be a 3-letter currency code',
      },
    });
    expect(api.create).not.toHaveBeenCalled();
  });

  it('retries a payment that was not confirmed under the same key, and uses a new key for a new payment', async () => {
    const store = usePaymentsStore();
    api.create.mockRejectedValueOnce(
      new HttpError({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'Payment not confirmed: the database is unavailable.',
      }),
    );
    const failed = await store.pay({ amount: '10', currency: 'EUR' });
    expect(failed).toMatchObject({
      ok: false,
      message: 'Payment not confirmed: the database is unavailable.',
    });
    api.create.mockResolvedValue(payment(1, '10.00'));
    await store.pay({ amount: '10.00', currency: 'EUR' });
    await store.pay({ amount: '10.00', currency: 'EUR' });
    const keys = api.create.mock.calls.map((call) => call[1]);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('shows the fields named by a 400 "Wrong format"', async () => {
    const store = usePaymentsStore();
    api.create.mockRejectedValue(
      new HttpError({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Wrong format',
        details: [{ field: 'amount', message: 'must be at most 1000000000.00' }],
      }),
    );
    expect(await store.pay({ amount: '5', currency: 'EUR' })).toEqual({
      ok: false,
      message: null,
      fieldErrors: { amount: 'must be at most 1000000000.00' },
    });
  });

  it('switches currency: fresh figures for it, and the picker offers it with those seen in the payments', async () => {
    api.list.mockResolvedValue(page([{ ...payment(3, '9.00'), currency: 'SEK' }]));
    const store = usePaymentsStore();
    await store.refresh();
    expect(store.currencies).toEqual(['CHF', 'EUR', 'GBP', 'JPY', 'SEK', 'USD']);

    await store.setCurrency('usd');
    expect(store.currency).toBe('USD');
    expect(api.statistics).toHaveBeenLastCalledWith({ currency: 'USD' });
    expect(api.series).toHaveBeenLastCalledWith({ currency: 'USD' });
  });

  it('pages through the payments with the keyset cursor', async () => {
    api.list.mockResolvedValueOnce({ data: [payment(9, '1.00')], meta: { limit: 10, nextCursor: 'c2', total: null } });
    const store = usePaymentsStore();
    await store.refresh();
    expect(store.page.hasNext).toBe(true);
    api.list.mockResolvedValueOnce({ data: [payment(3, '2.00')], meta: { limit: 10, nextCursor: null, total: null } });
    await store.page.nextPage();
    expect(api.list).toHaveBeenLastCalledWith({ limit: 10, cursor: 'c2' });
    expect(store.latest).toEqual([payment(3, '2.00')]);
    expect(store.page.currentCursor).toBe('c2');
  });
});
