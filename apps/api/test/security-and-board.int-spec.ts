import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiError } from '@hotpath/contracts';
import Bull, { type Queue } from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullPrefix } from '../src/core/queue/queue-keys';
import { ALL_QUEUES, QueueName } from '../src/core/queue/queue-names';
import { eventually, resetState, startApi } from './support/test-app';
import { ADMIN, TEST_ENV } from './support/test-env';

let api: NestFastifyApplication;

beforeAll(async () => {
  api = await startApi({ CORS_ORIGINS: 'http://localhost:5173' });
  await resetState(api, []);
});

afterAll(async () => {
  await api.close();
});

const basic = (password: string): string => `Basic ${Buffer.from(`operator:${password}`).toString('base64')}`;

describe('security headers', () => {
  it('every answer carries nosniff, framing protection, HSTS and a same-origin CSP', async () => {
    for (const url of ['/polls', '/no-such-route', '/health']) {
      const response = await api.inject({ method: 'GET', url });
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security'], url).toMatch(/max-age=\d+/);
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("script-src 'self'");
    }
  });

  it('the CSP still lets /docs work: the page loads only same-origin scripts and has no inline script', async () => {
    const page = await api.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', content = ''] of scripts) {
      const src = /src=['"]([^'"]+)['"]/.exec(attributes)?.[1];
      expect(src, `inline script: ${content.slice(0, 80)}`).toBeDefined();
      expect(src).not.toMatch(/^(https?:)?\/\//);
      const asset = await api.inject({ method: 'GET', url: new URL(src ?? '', 'http://x/docs').pathname });
      expect(asset.statusCode, src).toBe(200);
    }
  });
});

describe('CORS', () => {
  const preflight = (origin: string, method: string) =>
    api.inject({
      method: 'OPTIONS',
      url: '/subscribers/a@example.com',
      headers: { origin, 'access-control-request-method': method },
    });

  it('allows a configured origin exactly the methods the dashboard uses', async () => {
    const response = await preflight('http://localhost:5173', 'PATCH');
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(String(response.headers['access-control-allow-methods']).split(/,\s*/)).toEqual([
      'GET',
      'HEAD',
      'POST',
      'PATCH',
      'DELETE',
    ]);
    expect(String(response.headers['access-control-allow-headers'])).toContain('Idempotency-Key');
  });

  it('gives another origin no CORS grant', async () => {
    const response = await preflight('https://evil.example', 'DELETE');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('is off when CORS_ORIGINS names no origin (the default): no grant, no CORS headers, no preflight answer', async () => {
    const plain = await startApi();
    try {
      const read = await plain.inject({
        method: 'GET',
        url: '/health',
        headers: { origin: 'http://localhost:5173' },
      });
      expect(read.statusCode).toBe(200);
      expect(Object.keys(read.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
      expect(read.headers['vary']).toBeUndefined();
      const preflighted = await plain.inject({
        method: 'OPTIONS',
        url: '/subscribers/a@example.com',
        headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PATCH' },
      });
      expect(preflighted.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflighted.json<ApiError>().statusCode).toBe(preflighted.statusCode);
      expect(preflighted.statusCode).toBeGreaterThanOrEqual(400);
    } finally {
      await plain.close();
    }
  });
});

describe('queue board at /admin/queues', () => {
  it('answers 401 without a token (with a Basic prompt for browsers) and 403 with a wrong one, in the one error shape', async () => {
    const missing = await api.inject({ method: 'GET', url: '/admin/queues' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(missing.json<ApiError>()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    for (const authorization of ['Bearer not-the-token-at-all', basic('not-the-token-at-all')]) {
      const wrong = await api.inject({
        method: 'GET',
        url: '/admin/queues/api/queues',
        headers: { authorization },
      });
      expect(wrong.statusCode).toBe(403);
      expect(Object.keys(wrong.json<ApiError>()).sort()).toEqual(['error', 'message', 'statusCode']);
    }
  });

  it('serves the board with the bearer token or with the token as the Basic password', async () => {
    for (const authorization of [ADMIN.authorization, basic(TEST_ENV.ADMIN_TOKEN)]) {
      const page = await api.inject({ method: 'GET', url: '/admin/queues', headers: { authorization } });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toContain('/admin/queues');
    }
    const queues = await api.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: ADMIN });
    expect(queues.statusCode).toBe(200);
    const names = queues.json<{ queues: Array<{ name: string }> }>().queues.map((queue) => queue.name);
    expect(names.sort()).toEqual([...ALL_QUEUES].sort());
  });

  it('shows a failed job with its error and retries it', async () => {
    const queue = api.get<Queue>(getQueueToken(QueueName.PaymentsMaintenance), { strict: false });
    // A consumer of its own that fails every job, as a worker would when MySQL refuses a batch.
    const failing = new Bull(QueueName.PaymentsMaintenance, TEST_ENV.REDIS_URL, {
      prefix: bullPrefix(TEST_ENV.REDIS_KEY_PREFIX, QueueName.PaymentsMaintenance),
    });
    void failing.process(() => Promise.reject(new Error('the database said no')));
    const job = await queue.add({ probe: 'board' }, { attempts: 1, removeOnFail: false });
    await eventually(async () => expect(await job.getState()).toBe('failed'));
    await failing.close();

    const path = `/admin/queues/api/queues/${QueueName.PaymentsMaintenance}/${String(job.id)}`;
    const shown = await api.inject({ method: 'GET', url: path, headers: ADMIN });
    expect(shown.statusCode).toBe(200);
    expect(shown.json<{ job: { failedReason: string } }>().job.failedReason).toBe('the database said no');

    const crossSite = await api.inject({
      method: 'PUT',
      url: `${path}/retry`,
      headers: { ...ADMIN, origin: 'https://evil.example' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(await job.getState()).toBe('failed');

    const retried = await api.inject({ method: 'PUT', url: `${path}/retry`, headers: ADMIN });
    expect(retried.statusCode).toBeLessThan(300);
    expect(await queue.getJob(String(job.id)).then((again) => again?.getState())).toBe('waiting');
    await queue.empty();
  });
});

describe('production defaults', () => {
  let production: NestFastifyApplication;

  beforeAll(async () => {
    // The test Redis may be volatile; persistence is the fault tier's concern, not this one's.
    production = await startApi({ NODE_ENV: 'production', REQUIRE_DURABLE_REDIS: 'off' });
  });

  afterAll(async () => {
    await production.close();
  });

  it('hides /docs in production', async () => {
    expect((await production.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(404);
    expect((await production.inject({ method: 'GET', url: '/docs/openapi.json' })).statusCode).toBe(404);
  });

  it('makes /system/* admin-only in production; health stays public', async () => {
    for (const url of ['/system/status', '/system/traffic']) {
      expect((await production.inject({ method: 'GET', url })).statusCode, url).toBe(401);
      const wrong = await production.inject({
        method: 'GET',
        url,
        headers: { authorization: 'Bearer wrong-token-0000000' },
      });
      expect(wrong.statusCode, url).toBe(403);
      expect((await production.inject({ method: 'GET', url, headers: ADMIN })).statusCode, url).toBe(200);
    }
    // An escaped spelling of the path reaches the same route and needs the token all the same.
    expect((await production.inject({ method: 'GET', url: '/%73ystem/status' })).statusCode).toBe(401);
    expect((await production.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    expect((await production.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });

  it('lets EXPOSE_DOCS and SYSTEM_ROUTES_ADMIN_ONLY override the production defaults', async () => {
    const open = await startApi({
      NODE_ENV: 'production',
      EXPOSE_DOCS: 'on',
      SYSTEM_ROUTES_ADMIN_ONLY: 'off',
    });
    try {
      expect((await open.inject({ method: 'GET', url: '/docs/openapi.json' })).statusCode).toBe(200);
      expect((await open.inject({ method: 'GET', url: '/system/status' })).statusCode).toBe(200);
    } finally {
      await open.close();
    }
    const development = await startApi({ SYSTEM_ROUTES_ADMIN_ONLY: 'on', EXPOSE_DOCS: 'off' });
    try {
      expect((await development.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(404);
      expect((await development.inject({ method: 'GET', url: '/system/status' })).statusCode).toBe(401);
    } finally {
      await development.close();
    }
  });
});
