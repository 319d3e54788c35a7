import type { ApiError, Page, Payment, PaymentStatistics } from '@hotpath/contracts';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { seedPayments } from '../src/modules/payments/payments.seed';
import { eventually } from './support/test-app';
import {
  countKeys,
  countPayments,
  createdPayment,
  pay,
  scalar,
  usePaymentsApp,
} from './support/payments-helpers';
import { api } from './support/spec-app';

usePaymentsApp();

describe('POST /payments', () => {
  it('answers 201 once the payment is in MySQL, amount in exact cents and as a two-decimal string', async () => {
    const response = await pay(api, { amount: '15.5' });
    expect(response.statusCode).toBe(201);
    const payment = createdPayment(response);
    expect(payment).toEqual({
      id: expect.any(Number),
      amount: '15.50',
      currency: 'EUR',
      createdAt: expect.any(String),
    });
    const rows = await api
      .get(DataSource)
      .query('SELECT id, amount_cents, currency, created_at FROM payments');
    expect(rows).toEqual([
      {
        id: String(payment.id),
        amount_cents: '1550',
        currency: 'EUR',
        created_at: new Date(payment.createdAt),
      },
    ]);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
  });

  it('takes JSON numbers without floating-point error and a lower-case currency', async () => {
    const cases: Array<[unknown, string, string]> = [
      [0.1, '0.10', 'usd'],
      [19.99, '19.99', 'gbp'],
      [1_000_000_000, '1000000000.00', 'EUR'],
      ['0.01', '0.01', 'chf'],
    ];
    for (const [amount, expected, currency] of cases) {
      const response = await pay(api, { amount, currency });
      expect(response.statusCode, String(amount)).toBe(201);
      expect(createdPayment(response)).toMatchObject({ amount: expected, currency: currency.toUpperCase() });
    }
    const cents: Array<{ amount_cents: string }> = await api
      .get(DataSource)
      .query('SELECT amount_cents FROM payments ORDER BY id');
    expect(cents.map((row) => row.amount_cents)).toEqual(['10', '1999', '100000000000', '1']);
  });

  const badBodies: Array<[string, unknown, string]> = [
    ['a missing amount', {}, 'amount'],
    ['a negative amount', { amount: -5 }, 'amount'],
    ['a negative amount string', { amount: '-5.00' }, 'amount'],
    ['a zero amount', { amount: 0 }, 'amount'],
    ['too many decimals', { amount: '1.001' }, 'amount'],
    ['too many decimals in a number', { amount: 0.30000000000000004 }, 'amount'],
    ['NaN', { amount: 'NaN' }, 'amount'],
    ['a number beyond the limit', { amount: 1_000_000_000.01 }, 'amount'],
    ['a huge number', { amount: 1e21 }, 'amount'],
    ['an amount that is not a number', { amount: true }, 'amount'],
    ['an amount with an exponent', { amount: '1e3' }, 'amount'],
    ['a bad currency', { amount: 1, currency: 'EURO' }, 'currency'],
    ['an extra unknown field', { amount: 1, note: 'hi' }, '(body)'],
    ['an array', [{ amount: 1 }], '(body)'],
    ['a JSON string', '15.50', '(body)'],
    ['null', null, 'amount'],
  ];

  it.each(badBodies)('answers 400 "Wrong format" for %s, and writes nothing', async (_label, body, field) => {
    const response = await pay(api, body);
    expect(response.statusCode).toBe(400);
    const error = response.json<ApiError>();
    expect(error).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Wrong format' });
    expect(error.details?.map((detail) => detail.field)).toContain(field);
    expect(await countPayments()).toBe(0);
  });

  const badPayloads: Array<[string, string, string | undefined]> = [
    ['a body that is not JSON', '{"amount":', 'application/json'],
    ['a plain-text body', 'amount=15.50', 'text/plain'],
    ['a form body', 'amount=15.50', 'application/x-www-form-urlencoded'],
    ['an XML body', '<amount>15.50</amount>', 'application/xml'],
    ['an empty JSON body', '', 'application/json'],
    ['a prototype-poisoning body', '{"amount":"1.00","__proto__":{"x":1}}', 'application/json'],
  ];

  it.each(badPayloads)('answers 400 "Wrong format" for %s', async (_label, payload, contentType) => {
    const response = await api.inject({
      method: 'POST',
      url: '/payments',
      headers: contentType === undefined ? {} : { 'content-type': contentType },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<ApiError>()).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Wrong format',
      details: [{ field: '(body)', message: expect.any(String) }],
    });
    expect(await countPayments()).toBe(0);
  });

  it('answers 400 "Wrong format" for a body without a content type, and for no body at all', async () => {
    const untyped = await api.inject({
      method: 'POST',
      url: '/payments',
      payload: Buffer.from('{"amount":1}'),
    });
    expect(untyped.statusCode).toBe(400);
    expect(untyped.json<ApiError>().message).toBe('Wrong format');
    const empty = await api.inject({ method: 'POST', url: '/payments' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<ApiError>()).toMatchObject({
      message: 'Wrong format',
      details: [{ field: 'amount', message: 'is required' }],
    });
  });

  it('leaves other routes with the usual answers to bad bodies', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/subscribers',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(response.statusCode).toBe(415);
  });

  it('makes N rows of N concurrent payments, with statistics that agree', async () => {
    const amounts = Array.from({ length: 300 }, (_, index) => (index % 97) + 1 + (index % 10) / 100);
    const responses = await Promise.all(amounts.map((amount) => pay(api, { amount })));
    const created = responses.filter((response) => response.statusCode === 201);
    expect(created).toHaveLength(300);
    expect(new Set(created.map((response) => createdPayment(response).id)).size).toBe(300);
    expect(await countPayments()).toBe(300);
    const expectedCents = amounts.reduce((sum, amount) => sum + Math.round(amount * 100), 0);
    expect(await scalar(api, 'SELECT SUM(amount_cents) FROM payments')).toBe(expectedCents);
    expect(await scalar(api, 'SELECT SUM(count) FROM payment_stats_seconds')).toBe(300);
    expect(await scalar(api, 'SELECT SUM(total_cents) FROM payment_stats_seconds')).toBe(expectedCents);
  });

  it('answers 503 and writes nothing of a batch that cannot commit, then takes the retry', async () => {
    const dataSource = api.get(DataSource);
    // A real failure inside the transaction, after the payments INSERT: the statistics table is gone.
    await dataSource.query('RENAME TABLE payment_stats_seconds TO payment_stats_seconds_away');
    try {
      const responses = await Promise.all([
        pay(api, { amount: '5.00' }, { key: 'retry-me' }),
        pay(api, { amount: 7 }),
      ]);
      for (const response of responses) {
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBe('1');
        expect(response.json<ApiError>()).toMatchObject({
          statusCode: 503,
          error: 'Service Unavailable',
          message: expect.stringContaining('Retry with the same Idempotency-Key'),
        });
      }
      expect(await countPayments()).toBe(0);
      expect(await countKeys()).toBe(0);
    } finally {
      await dataSource.query('RENAME TABLE payment_stats_seconds_away TO payment_stats_seconds');
    }
    const retried = await pay(api, { amount: '5.00' }, { key: 'retry-me' });
    expect(retried.statusCode).toBe(201);
    expect(await countPayments()).toBe(1);
  });
});

describe('POST /payment (the seed contract)', () => {
  it('behaves as POST /payments', async () => {
    const response = await pay(api, { amount: 15.5 }, { url: '/payment' });
    expect(response.statusCode).toBe(201);
    expect(createdPayment(response)).toMatchObject({ amount: '15.50', currency: 'EUR' });
    const wrong = await pay(api, 'amount=1', { url: '/payment', contentType: 'text/plain', raw: true });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<ApiError>().message).toBe('Wrong format');
    const invalid = await pay(api, { amount: -1 }, { url: '/payment' });
    expect(invalid.json<ApiError>()).toMatchObject({ statusCode: 400, message: 'Wrong format' });
    expect(await countPayments()).toBe(1);
  });
});

describe('GET /payments', () => {
  it('pages newest first with a keyset cursor', async () => {
    for (const amount of ['1.00', '2.00', '3.00', '4.00', '5.00']) await pay(api, { amount });
    const first = (await api.inject({ method: 'GET', url: '/payments?limit=2' })).json<Page<Payment>>();
    expect(first.data.map((payment) => payment.amount)).toEqual(['5.00', '4.00']);
    expect(first.meta).toMatchObject({ limit: 2, total: null, nextCursor: expect.any(String) });
    const second = (
      await api.inject({ method: 'GET', url: `/payments?limit=2&cursor=${first.meta.nextCursor}` })
    ).json<Page<Payment>>();
    expect(second.data.map((payment) => payment.amount)).toEqual(['3.00', '2.00']);
    const last = (
      await api.inject({ method: 'GET', url: `/payments?limit=2&cursor=${second.meta.nextCursor}` })
    ).json<Page<Payment>>();
    expect(last.data.map((payment) => payment.amount)).toEqual(['1.00']);
    expect(last.meta.nextCursor).toBeNull();
  });

  it('answers 422 for a bad limit or cursor', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=x', 'cursor=bm9wZQ', 'cursor=%24']) {
      const response = await api.inject({ method: 'GET', url: `/payments?${query}` });
      expect(response.statusCode, query).toBe(422);
    }
  });

  it('lists the payment that POST answered', async () => {
    const created = createdPayment(await pay(api, { amount: '12.34', currency: 'SEK' }));
    const page = (await api.inject({ method: 'GET', url: '/payments' })).json<Page<Payment>>();
    expect(page.data).toEqual([created]);
  });
});

describe('npm run db:seed (payments)', () => {
  it('leaves payments in the last hour, and adds none while there are some', async () => {
    expect(await seedPayments(api)).toBe('10 payments added');
    // Statistics may be up to a second old (the seed's own check was cached for this second).
    await eventually(async () => {
      const lastHour = (
        await api.inject({ method: 'GET', url: '/payments/statistics?currency=EUR&window=3600' })
      ).json<{ data: PaymentStatistics }>().data;
      expect(lastHour.count).toBe(8);
    }, 3000);
    expect(await seedPayments(api)).toBe('8 EUR payments in the last hour already; none added');
    const listed = (await api.inject({ method: 'GET', url: '/payments?limit=100' })).json<Page<Payment>>();
    expect(listed.data).toHaveLength(10);
  });
});
