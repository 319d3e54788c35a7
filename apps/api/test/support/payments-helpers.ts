import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Envelope, Payment, PaymentStatistics } from '@hotpath/contracts';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { vi } from 'vitest';
import { AppCache } from '../../src/core/cache/app-cache';
import { PaymentsClock } from '../../src/modules/payments/payments-clock';
import { api, useSpecApp } from './spec-app';
import { resetState } from './test-app';
import { TEST_ENV } from './test-env';

export const PAYMENT_TABLES = ['payments', 'payment_stats_seconds', 'payment_idempotency_keys'];

/** POSTs a JSON body (an object, or raw text with its own content type) to /payments or the seed's /payment. */
export async function pay(
  app: NestFastifyApplication,
  body: unknown,
  options: { key?: string; url?: string; contentType?: string; raw?: boolean } = {},
) {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  if (options.key !== undefined) headers['idempotency-key'] = options.key;
  return app.inject({
    method: 'POST',
    url: options.url ?? '/payments',
    headers,
    payload: options.raw === true ? (body as string) : JSON.stringify(body),
  });
}

export function createdPayment(response: { json: <T>() => T }): Payment {
  return response.json<Envelope<Payment>>().data;
}

export async function statistics(app: NestFastifyApplication, query = ''): Promise<PaymentStatistics> {
  const response = await app.inject({ method: 'GET', url: `/payments/statistics${query}` });
  if (response.statusCode !== 200)
    throw new Error(`statistics answered ${response.statusCode}: ${response.body}`);
  return response.json<Envelope<PaymentStatistics>>().data;
}

export async function scalar(
  app: NestFastifyApplication,
  sql: string,
  params: unknown[] = [],
): Promise<number> {
  const rows: Array<Record<string, string | number | null>> = await app.get(DataSource).query(sql, params);
  const first = rows[0];
  return Number(first === undefined ? 0 : (Object.values(first)[0] ?? 0));
}

/** Fixes the payments clock of one API instance at `ms` (epoch milliseconds) until restored. */
export function setClock(app: NestFastifyApplication, ms: number): void {
  const clock = app.get(PaymentsClock);
  vi.spyOn(clock, 'now').mockReturnValue(ms);
}

/** Forgets every cached value, shared and local, as a Redis restart without persistence would. */
export async function loseRedis(...apps: NestFastifyApplication[]): Promise<void> {
  const redis = new Redis(TEST_ENV.REDIS_URL);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
  for (const app of apps) app.get(AppCache).clearLocal();
}

/** The spec file's API; before each test the mocks are restored and the payment tables are empty. */
export function usePaymentsApp(): void {
  useSpecApp({
    reset: async (app) => {
      vi.restoreAllMocks();
      await resetState(app, PAYMENT_TABLES);
    },
  });
}

export const countPayments = () => scalar(api, 'SELECT COUNT(*) FROM payments');
export const countKeys = () => scalar(api, 'SELECT COUNT(*) FROM payment_idempotency_keys');
