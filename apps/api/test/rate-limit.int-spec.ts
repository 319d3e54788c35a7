import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiError } from '@hotpath/contracts';
import { Redis } from 'ioredis';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrivateRedis } from './support/private-servers';
import { startApi } from './support/test-app';
import { TEST_ENV } from './support/test-env';

/** Writes 5, reads 10, admin 10 requests a minute per client. */
const LIMITS = { RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_ADMIN_PER_MINUTE: '10' };
const apps: NestFastifyApplication[] = [];
let first: string;
let second: string;

async function listening(app: NestFastifyApplication): Promise<string> {
  apps.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

async function flushTestRedis(): Promise<void> {
  const redis = new Redis(TEST_ENV.REDIS_URL);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

const failOpenCount = async (): Promise<number> =>
  (await register.getSingleMetric('hotpath_rate_limit_fail_open_total')?.get())?.values[0]?.value ?? 0;

beforeAll(async () => {
  // Two API instances on one Redis: the limit is per client across both, not per instance.
  first = await listening(await startApi(LIMITS));
  second = await listening(await startApi(LIMITS));
});

afterAll(async () => {
  for (const app of apps) await app.close();
});

beforeEach(flushTestRedis);

describe('rate limiting across two API instances sharing Redis', () => {
  it('counts one client across both instances, then answers 429 in the one error shape with Retry-After and RateLimit-*', async () => {
    const remaining: string[] = [];
    for (let index = 0; index < 10; index++) {
      const response = await fetch(`${index % 2 === 0 ? first : second}/polls`);
      expect(response.status, `read ${index + 1}`).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBe('10');
      remaining.push(response.headers.get('ratelimit-remaining') ?? '');
    }
    expect(remaining).toEqual(['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);

    for (const base of [first, second]) {
      const refused = await fetch(`${base}/polls`);
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers.get('ratelimit-limit')).toBe('10');
      expect(refused.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(refused.headers.get('ratelimit-reset'))).toBe(retryAfter);
      const body = (await refused.json()) as ApiError;
      expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode']);
      expect(body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      expect(body.message).toMatch(/10 reads requests a minute/);
    }
  });

  it('never limits liveness and readiness, even for a client over its limit', async () => {
    for (let index = 0; index < 12; index++) await fetch(`${first}/polls`);
    expect((await fetch(`${first}/polls`)).status).toBe(429);
    for (let index = 0; index < 30; index++) {
      for (const path of ['/health', '/health/ready']) {
        const response = await fetch(`${index % 2 === 0 ? first : second}${path}`);
        expect(response.status, path).toBe(200);
        expect(response.headers.get('ratelimit-limit')).toBeNull();
      }
    }
  });

  it('keeps separate budgets for writes and reads, and per X-API-Key', async () => {
    const write = (base: string, headers: Record<string, string> = {}) =>
      fetch(`${base}/subscribers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    for (let index = 0; index < 5; index++) {
      expect((await write(index % 2 === 0 ? first : second)).status).toBe(422);
    }
    expect((await write(first)).status).toBe(429);
    expect((await write(second)).status).toBe(429);
    // Reads are another budget; a client with its own key is another client.
    expect((await fetch(`${first}/polls`)).status).toBe(200);
    expect((await write(first, { 'x-api-key': 'client-a-key' })).status).toBe(422);
    expect((await write(second, { 'x-api-key': 'client-b-key' })).status).toBe(422);
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names', async () => {
    const behindProxy = await listening(await startApi({ ...LIMITS, TRUST_PROXY: '127.0.0.1/32' }));
    const spoofed = (base: string, client: string) =>
      fetch(`${base}/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: '{"amount":"x"}',
      });
    // Without TRUST_PROXY the header is ignored: changing it does not give a fresh budget.
    for (let index = 0; index < 5; index++)
      expect((await spoofed(first, `198.51.100.${index}`)).status).toBe(400);
    expect((await spoofed(first, '198.51.100.99')).status).toBe(429);
    // Through a trusted proxy (here 127.0.0.1), each forwarded address is its own client.
    for (let index = 0; index < 5; index++)
      expect((await spoofed(behindProxy, '203.0.113.7')).status).toBe(400);
    expect((await spoofed(behindProxy, '203.0.113.7')).status).toBe(429);
    expect((await spoofed(behindProxy, '203.0.113.8')).status).toBe(400);
  });
});

describe('when Redis does not answer', () => {
  let redis: PrivateRedis;
  let app: NestFastifyApplication;
  let base: string;
  let admin: Redis;

  beforeAll(async () => {
    redis = await PrivateRedis.start({ appendonly: false });
    app = await startApi({ ...LIMITS, REDIS_URL: redis.url(0), RATE_LIMIT_REDIS_TIMEOUT_MS: '150' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    admin = new Redis(redis.url(0));
  });

  afterAll(async () => {
    await admin.call('CLIENT', 'UNPAUSE').catch(() => undefined);
    admin.disconnect();
    await app.close();
    await redis.destroy();
  });

  it('lets requests through (fails open) within the deadline and counts each in hotpath_rate_limit_fail_open_total', async () => {
    for (let index = 0; index < 5; index++) {
      expect((await fetch(`${base}/payments`)).headers.get('ratelimit-remaining')).toBe(String(9 - index));
    }
    const before = await failOpenCount();
    // Redis stops answering every client (the connection stays open, as with a stalled or overloaded server).
    await admin.call('CLIENT', 'PAUSE', '3000', 'ALL');
    const started = Date.now();
    const statuses: number[] = [];
    for (let index = 0; index < 8; index++) statuses.push((await fetch(`${base}/payments`)).status);
    const elapsed = Date.now() - started;
    expect(statuses).toEqual(Array(8).fill(200));
    expect(elapsed).toBeLessThan(8 * 150 + 1000);
    expect((await failOpenCount()) - before).toBe(8);
  });
});
