import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiError, Page, Payment, PaymentStatistics } from '@hotpath/contracts';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedPayments } from '../src/modules/payments/payments.seed';
import { eventually, resetState, startApi } from './support/test-app';
import { createdPayment, pay, PAYMENT_TABLES, scalar } from './support/payments-helpers';

let api: NestFastifyApplication;

const countPayments = () => scalar(api, 'SELECT COUNT(*) FROM payments');
const countKeys = () => scalar(api, 'SELECT COUNT(*) FROM payment_idempotency_keys');

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await api.close();
});

beforeEach(async () => {
  vi.restoreAllMocks();
  await resetState(api, PAYMENT_TABLES);
});

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

describe('Idempotency-Key', () => {
  it('answers a retry with the first response, status and body, and creates nothing', async () => {
    const first = await pay(api, { amount: '42.00' }, { key: 'order-1' });
    expect(first.statusCode).toBe(201);
    const again = await pay(api, { amount: '42.00' }, { key: 'order-1' });
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    // The same request written differently, and through the seed's route, is the same request.
    const sameRequest = await pay(api, { amount: 42, currency: 'eur' }, { key: 'order-1', url: '/payment' });
    expect(sameRequest.body).toBe(first.body);
    expect(await countPayments()).toBe(1);
    expect(await countKeys()).toBe(1);
  });

  it('answers 422 to the same key with a different body, and creates nothing', async () => {
    await pay(api, { amount: '42.00' }, { key: 'order-2' });
    const different = await pay(api, { amount: '43.00' }, { key: 'order-2' });
    expect(different.statusCode).toBe(422);
    expect(different.json<ApiError>()).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'Idempotency-Key reused with a different request',
      details: [{ field: 'Idempotency-Key', message: expect.any(String) }],
    });
    const otherCurrency = await pay(api, { amount: '42.00', currency: 'USD' }, { key: 'order-2' });
    expect(otherCurrency.statusCode).toBe(422);
    expect(await countPayments()).toBe(1);
  });

  it('treats keys as case-sensitive and independent', async () => {
    await pay(api, { amount: 1 }, { key: 'Key-A' });
    expect((await pay(api, { amount: 2 }, { key: 'key-a' })).statusCode).toBe(201);
    expect(await countPayments()).toBe(2);
  });

  it.each([
    ['longer than 255 characters', 'k'.repeat(256)],
    ['with spaces', 'my key'],
    ['empty', ''],
  ])('answers 400 "Wrong format" to a key %s', async (_label, key) => {
    const response = await pay(api, { amount: 1 }, { key });
    expect(response.statusCode).toBe(400);
    expect(response.json<ApiError>()).toMatchObject({
      message: 'Wrong format',
      details: [{ field: 'idempotency-key' }],
    });
    expect(await countPayments()).toBe(0);
  });

  it('accepts a key of exactly 255 characters', async () => {
    const key = 'k'.repeat(255);
    const first = await pay(api, { amount: 1 }, { key });
    expect(first.statusCode).toBe(201);
    expect((await pay(api, { amount: 1 }, { key })).body).toBe(first.body);
  });

  it('makes exactly one payment of concurrent requests with one key', async () => {
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => pay(api, { amount: '9.99' }, { key: 'burst' })),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array(25).fill(201));
    expect(new Set(responses.map((response) => response.body)).size).toBe(1);
    expect(await countPayments()).toBe(1);
  });

  it('answers concurrent requests with one key but different bodies with one payment and 422s for the others', async () => {
    const bodies = Array.from({ length: 12 }, (_, index) => ({ amount: index % 2 === 0 ? '1.00' : '2.00' }));
    const responses = await Promise.all(bodies.map((body) => pay(api, body, { key: 'mixed' })));
    expect(await countPayments()).toBe(1);
    const stored: Array<{ amount_cents: string }> = await api
      .get(DataSource)
      .query('SELECT amount_cents FROM payments');
    const winner = stored[0]?.amount_cents === '100' ? '1.00' : '2.00';
    responses.forEach((response, index) => {
      if (bodies[index]?.amount === winner) {
        expect(response.statusCode).toBe(201);
        expect(createdPayment(response).amount).toBe(winner);
      } else {
        expect(response.statusCode).toBe(422);
      }
    });
  });

  it('makes one payment per key when two API instances race on the same keys', async () => {
    const other = await startApi();
    try {
      const keys = Array.from({ length: 15 }, (_, index) => `race-${index}`);
      const responses = await Promise.all(
        keys.flatMap((key) => [api, other, api, other].map((app) => pay(app, { amount: '3.00' }, { key }))),
      );
      expect(responses.every((response) => response.statusCode === 201)).toBe(true);
      for (let index = 0; index < keys.length; index++) {
        const forKey = responses.slice(index * 4, index * 4 + 4).map((response) => response.body);
        expect(new Set(forKey).size, keys[index]).toBe(1);
      }
      expect(await countPayments()).toBe(keys.length);
      expect(await countKeys()).toBe(keys.length);
    } finally {
      await other.close();
    }
  });

  it('ignores a key older than 24 hours: the request is a new payment and the key is taken over', async () => {
    const first = await pay(api, { amount: '5.00' }, { key: 'old-key' });
    await api
      .get(DataSource)
      .query('UPDATE payment_idempotency_keys SET created_at = ? WHERE idempotency_key = ?', [
        new Date(Date.now() - 24 * 3_600_000 - 1000),
        'old-key',
      ]);
    const later = await pay(api, { amount: '6.00' }, { key: 'old-key' });
    expect(later.statusCode).toBe(201);
    expect(createdPayment(later).id).not.toBe(createdPayment(first).id);
    expect((await pay(api, { amount: '6.00' }, { key: 'old-key' })).body).toBe(later.body);
    expect(await countPayments()).toBe(2);
    expect(await countKeys()).toBe(1);
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
