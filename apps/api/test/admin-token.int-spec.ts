import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiError } from '@hotpath/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from './support/test-env';
import { startApi } from './support/test-app';

let api: NestFastifyApplication;

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

describe('GET /auth/admin (the dashboard checks a token when it is entered)', () => {
  it('answers 204 for the admin token, 403 for a wrong one and 401 without one', async () => {
    expect((await api.inject({ method: 'GET', url: '/auth/admin', headers: ADMIN })).statusCode).toBe(204);
    const wrong = await api.inject({ method: 'GET', url: '/auth/admin', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json<ApiError>().message).toBe('The admin token is not valid');
    expect((await api.inject({ method: 'GET', url: '/auth/admin' })).statusCode).toBe(401);
  });
});
