import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from './support/test-app';

let api: NestFastifyApplication;

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await api.close();
});

describe('x-request-id', () => {
  it("keeps a caller's sane id and answers with it, on success and on errors alike", async () => {
    const ok = await api.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'trace-42.a_b' },
    });
    expect(ok.headers['x-request-id']).toBe('trace-42.a_b');
    const invalid = await api.inject({
      method: 'GET',
      url: '/subscribers/not-an-email',
      headers: { 'x-request-id': 'trace-43' },
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.headers['x-request-id']).toBe('trace-43');
    const unknown = await api.inject({
      method: 'GET',
      url: '/no-such-route',
      headers: { 'x-request-id': 'trace-44' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['x-request-id']).toBe('trace-44');
  });

  it('makes up a fresh id when the caller sends none or an unusable one', async () => {
    const first = await api.inject({ method: 'GET', url: '/health/live' });
    const second = await api.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'bad id!' },
    });
    const ids = [first.headers['x-request-id'], second.headers['x-request-id']];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
});
