import { describe, expect, it } from 'vitest';
import { averageCents, formatCents, parseAmountToCents, PAYMENT_MAX_CENTS } from './amount';
import {
  createPaymentSchema,
  idempotencyKeySchema,
  listPaymentsQuerySchema,
  paymentStatisticsQuerySchema,
} from './payment';

describe('parseAmountToCents', () => {
  it.each([
    ['15.50', 1550],
    ['15.5', 1550],
    ['15', 1500],
    ['0.01', 1],
    ['0.1', 10],
    ['1000000000.00', PAYMENT_MAX_CENTS],
    ['999999999.99', 99_999_999_999],
    [15.5, 1550],
    [0.1, 10],
    [0.29, 29],
    [1.5e2, 15_000],
    [19.99, 1999],
    [1_000_000_000, PAYMENT_MAX_CENTS],
  ])('reads %j as %i cents', (value, cents) => {
    expect(parseAmountToCents(value)).toEqual({ ok: true, cents });
  });

  it.each([
    ['0', 'must be greater than 0'],
    ['0.00', 'must be greater than 0'],
    [0, 'must be greater than 0'],
    ['-1', 'must be greater than 0'],
    [-0.5, 'must be greater than 0'],
    ['1.005', 'must have at most 2 decimal places'],
    ['15.500', 'must have at most 2 decimal places'],
    [0.1 + 0.2, 'must have at most 2 decimal places'],
    [1e-7, 'must have at most 2 decimal places'],
    ['1000000000.01', 'must be at most 1000000000.00'],
    [1_000_000_000.01, 'must be at most 1000000000.00'],
    [1e21, 'must be at most 1000000000.00'],
    ['99999999999999999999', 'must be at most 1000000000.00'],
    ['NaN', 'must be a decimal number like 15.50'],
    ['Infinity', 'must be a decimal number like 15.50'],
    [Number.NaN, 'must be a finite number'],
    ['1e3', 'must be a decimal number like 15.50'],
    ['', 'must be a decimal number like 15.50'],
    [' 15', 'must be a decimal number like 15.50'],
    ['15.', 'must be a decimal number like 15.50'],
    ['.5', 'must be a decimal number like 15.50'],
    ['015', 'must be a decimal number like 15.50'],
    ['1,50', 'must be a decimal number like 15.50'],
    ['+1', 'must be a decimal number like 15.50'],
    [true, 'must be a decimal string or a number'],
    [null, 'must be a decimal string or a number'],
  ])('rejects %j: %s', (value, message) => {
    expect(parseAmountToCents(value)).toEqual({ ok: false, message });
  });
});

describe('formatCents and averageCents', () => {
  it('writes cents with two decimals', () => {
    expect([
      formatCents(1550),
      formatCents(1),
      formatCents(0),
      formatCents(-5),
      formatCents(10n ** 18n),
    ]).toEqual(['15.50', '0.01', '0.00', '-0.05', '10000000000000000.00']);
  });

  it('rounds the average half up to the cent', () => {
    expect(averageCents(10n, 4n)).toBe(3n); // 2.5 → 3
    expect(averageCents(10n, 3n)).toBe(3n); // 3.33 → 3
    expect(averageCents(11n, 3n)).toBe(4n); // 3.67 → 4
    expect(averageCents(157_825n, 107n)).toBe(1475n); // 1475.0 exactly
    expect(averageCents(3n * 10n ** 18n + 1n, 2n)).toBe(15n * 10n ** 17n + 1n);
    expect(() => averageCents(0n, 0n)).toThrow(RangeError);
  });
});

describe('createPaymentSchema', () => {
  it('gives the amount in cents and defaults the currency to EUR, upper-cased', () => {
    expect(createPaymentSchema.parse({ amount: '15.50' })).toEqual({ amountCents: 1550, currency: 'EUR' });
    expect(createPaymentSchema.parse({ amount: 2, currency: 'usd' })).toEqual({
      amountCents: 200,
      currency: 'USD',
    });
  });

  it('names every field at fault', () => {
    const result = createPaymentSchema.safeParse({ amount: '1.001', currency: 'EURO', note: 'x' });
    expect(result.success).toBe(false);
    const fields = result.error?.issues.map((issue) => issue.path.join('.') || '(body)').sort();
    expect(fields).toEqual(['(body)', 'amount', 'currency']);
  });

  it('requires the amount and refuses a body that is not an object', () => {
    expect(createPaymentSchema.safeParse({}).error?.issues[0]?.message).toBe('is required');
    expect(createPaymentSchema.safeParse([1]).success).toBe(false);
    expect(createPaymentSchema.safeParse('15.50').success).toBe(false);
  });
});

describe('idempotencyKeySchema', () => {
  it('takes 1 to 255 printable ASCII characters', () => {
    expect(idempotencyKeySchema.safeParse('3f1c2a7e-5b9d-4c1e-9f0a-2b6d8e4c1a3f').success).toBe(true);
    expect(idempotencyKeySchema.safeParse('k'.repeat(255)).success).toBe(true);
    for (const key of ['', 'k'.repeat(256), 'with space', 'ключ']) {
      expect(idempotencyKeySchema.safeParse(key).success, key).toBe(false);
    }
  });
});

describe('query schemas', () => {
  it('bounds the statistics window to 1..3600 whole seconds and leaves the default to the server', () => {
    expect(paymentStatisticsQuerySchema.parse({})).toEqual({ currency: 'EUR' });
    expect(paymentStatisticsQuerySchema.parse({ window: '60', currency: 'usd' })).toEqual({
      window: 60,
      currency: 'USD',
    });
    for (const window of ['0', '3601', '1.5', 'abc', '']) {
      expect(paymentStatisticsQuerySchema.safeParse({ window }).success, window).toBe(false);
    }
  });

  it('pages payments with a bounded limit', () => {
    expect(listPaymentsQuerySchema.parse({ limit: '5' })).toEqual({ limit: 5 });
    expect(listPaymentsQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
  });
});
