import type { ApiError } from '@hotpath/contracts';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { startApi } from './support/test-app';
import { countKeys, countPayments, createdPayment, pay, usePaymentsApp } from './support/payments-helpers';
import { api } from './support/spec-app';

usePaymentsApp();

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
