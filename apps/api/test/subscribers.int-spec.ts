import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiError, Page, Subscriber } from '@hotpath/contracts';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SubscribersRepository } from '../src/modules/subscribers/subscribers.repository';
import { ADMIN } from './support/test-env';
import { eventually, resetState, startApi } from './support/test-app';

const TABLES = ['subscriber_field_values', 'subscribers', 'subscriber_status_counts', 'fields'];

let api: NestFastifyApplication;

async function post(body: unknown, app = api) {
  return app.inject({ method: 'POST', url: '/subscribers', payload: body as object });
}

async function countRows(sql: string): Promise<number> {
  const rows: Array<{ n: string | number }> = await api.get(DataSource).query(sql);
  return Number(rows[0]?.n);
}

const ada = { email: 'ada@example.com', name: 'Ada', lastName: 'Lovelace' };

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await api.close();
});

beforeEach(async () => {
  await resetState(api, TABLES);
});

describe('POST /subscribers', () => {
  it('creates a subscriber, trimmed and lower-cased, with default status unconfirmed', async () => {
    const response = await post({ ...ada, email: '  Ada@Example.COM ' });
    expect(response.statusCode).toBe(201);
    const { data } = response.json<{ data: Subscriber }>();
    expect(data).toMatchObject({ email: 'ada@example.com', name: 'Ada', lastName: 'Lovelace', status: 'unconfirmed', fields: {} });
    const rows = await api.get(DataSource).query('SELECT email, status FROM subscribers');
    expect(rows).toEqual([{ email: 'ada@example.com', status: 'unconfirmed' }]);
  });

  it.each([
    ['José', 'García'],
    ["Conor", "O'Brien"],
    ['Zoë', 'Smith-Jones'],
    ['美玲', '王'],
  ])('accepts the names %s %s', async (name, lastName) => {
    const response = await post({ email: `${lastName.length}${name.length}@example.com`, name, lastName });
    expect(response.statusCode).toBe(201);
    expect(response.json<{ data: Subscriber }>().data).toMatchObject({ name, lastName });
  });

  it('answers 422 with every field at fault, and writes nothing', async () => {
    const response = await post({ email: 'not-an-email', name: 'R2D2', lastName: '', status: 'sleeping', extra: 1 });
    expect(response.statusCode).toBe(422);
    const body = response.json<ApiError>();
    expect(body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', message: 'Validation failed' });
    expect(body.details?.map((detail) => detail.field).sort()).toEqual(['(body)', 'email', 'lastName', 'name', 'status']);
    expect(await countRows('SELECT COUNT(*) AS n FROM subscribers')).toBe(0);
  });

  it('rejects names longer than 255 characters', async () => {
    const response = await post({ ...ada, name: 'A'.repeat(256) });
    expect(response.statusCode).toBe(422);
    expect(response.json<ApiError>().details).toEqual([{ field: 'name', message: 'must be at most 255 characters' }]);
  });

  it('answers 409 "Subscriber already exists" for an existing email in any case', async () => {
    expect((await post(ada)).statusCode).toBe(201);
    const again = await post({ ...ada, email: 'ADA@example.com', name: 'Other' });
    expect(again.statusCode).toBe(409);
    expect(again.json<ApiError>()).toEqual({ statusCode: 409, error: 'Conflict', message: 'Subscriber already exists' });
  });

  it('lets the unique index decide a race: concurrent creates of one email give one 201', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) => post({ ...ada, email: 'race@example.com', name: `Racer${'a'.repeat(index)}` })),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(11);
    expect(await countRows("SELECT COUNT(*) AS n FROM subscribers WHERE email = 'race@example.com'")).toBe(1);
  });

  it('answers 400 for a body that is not JSON and 415 for an unsupported content type', async () => {
    const broken = await api.inject({
      method: 'POST',
      url: '/subscribers',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json<ApiError>()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const text = await api.inject({
      method: 'POST',
      url: '/subscribers',
      headers: { 'content-type': 'text/plain' },
      payload: 'ada@example.com',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json<ApiError>()).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
  });
});

describe('GET /subscribers/:email', () => {
  it('returns the subscriber, 404 for an unknown one and 422 for a malformed email', async () => {
    await post(ada);
    const found = await api.inject({ method: 'GET', url: '/subscribers/ADA@example.com' });
    expect(found.statusCode).toBe(200);
    expect(found.json<{ data: Subscriber }>().data.email).toBe('ada@example.com');

    const missing = await api.inject({ method: 'GET', url: '/subscribers/nobody@example.com' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ApiError>()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Subscriber not found' });

    const malformed = await api.inject({ method: 'GET', url: '/subscribers/not-an-email' });
    expect(malformed.statusCode).toBe(422);
  });

  it('makes one database query for many concurrent misses of one email', async () => {
    expect((await post(ada)).statusCode).toBe(201);
    const spy = vi.spyOn(api.get(SubscribersRepository), 'findByEmail');
    // The create above invalidated the key, so every request below starts as a miss.
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => api.inject({ method: 'GET', url: '/subscribers/ada@example.com' })),
    );
    expect(responses.every((response) => response.statusCode === 200)).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('caches misses briefly and sees a subscriber created afterwards', async () => {
    expect((await api.inject({ method: 'GET', url: '/subscribers/late@example.com' })).statusCode).toBe(404);
    await post({ ...ada, email: 'late@example.com' });
    expect((await api.inject({ method: 'GET', url: '/subscribers/late@example.com' })).statusCode).toBe(200);
  });
});

describe('GET /subscribers', () => {
  async function seed(count: number): Promise<void> {
    for (let index = 0; index < count; index++) {
      const status = index % 3 === 0 ? 'active' : 'unconfirmed';
      const response = await post({ email: `user${String(index).padStart(2, '0')}@example.com`, name: 'User', lastName: 'Test', status });
      expect(response.statusCode).toBe(201);
    }
  }

  it('pages newest first with a keyset cursor and a total', async () => {
    await seed(7);
    const first = (await api.inject({ method: 'GET', url: '/subscribers?limit=3' })).json<Page<Subscriber>>();
    expect(first.data.map((subscriber) => subscriber.email)).toEqual(['user06@example.com', 'user05@example.com', 'user04@example.com']);
    expect(first.meta).toMatchObject({ limit: 3, total: 7 });
    expect(first.meta.nextCursor).toEqual(expect.any(String));

    const second = (
      await api.inject({ method: 'GET', url: `/subscribers?limit=3&cursor=${first.meta.nextCursor}` })
    ).json<Page<Subscriber>>();
    expect(second.data.map((subscriber) => subscriber.email)).toEqual(['user03@example.com', 'user02@example.com', 'user01@example.com']);

    const last = (
      await api.inject({ method: 'GET', url: `/subscribers?limit=3&cursor=${second.meta.nextCursor}` })
    ).json<Page<Subscriber>>();
    expect(last.data.map((subscriber) => subscriber.email)).toEqual(['user00@example.com']);
    expect(last.meta.nextCursor).toBeNull();
  });

  it('filters by status with the matching total', async () => {
    await seed(7);
    const page = (await api.inject({ method: 'GET', url: '/subscribers?status=active&limit=10' })).json<Page<Subscriber>>();
    expect(page.data.map((subscriber) => subscriber.email)).toEqual(['user06@example.com', 'user03@example.com', 'user00@example.com']);
    expect(page.meta.total).toBe(3);
  });

  it('searches by email prefix in email order, treating % and _ literally', async () => {
    await seed(12);
    const page = (await api.inject({ method: 'GET', url: '/subscribers?search=USER1&limit=1' })).json<Page<Subscriber>>();
    expect(page.data.map((subscriber) => subscriber.email)).toEqual(['user10@example.com']);
    expect(page.meta.total).toBeNull();
    const next = (
      await api.inject({ method: 'GET', url: `/subscribers?search=user1&limit=5&cursor=${page.meta.nextCursor}` })
    ).json<Page<Subscriber>>();
    expect(next.data.map((subscriber) => subscriber.email)).toEqual(['user11@example.com']);
    const wildcard = (await api.inject({ method: 'GET', url: '/subscribers?search=user_' })).json<Page<Subscriber>>();
    expect(wildcard.data).toEqual([]);
  });

  it('answers 422 for a bad limit, status or cursor', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'status=nope', 'cursor=bm9wZQ', 'cursor=%24%24']) {
      const response = await api.inject({ method: 'GET', url: `/subscribers?${query}` });
      expect(response.statusCode, query).toBe(422);
      expect(response.json<ApiError>().details?.length, query).toBeGreaterThan(0);
    }
  });
});

describe('PATCH and DELETE /subscribers/:email (admin)', () => {
  it('needs the admin token: 401 without, 403 with a wrong one', async () => {
    await post(ada);
    const none = await api.inject({ method: 'PATCH', url: '/subscribers/ada@example.com', payload: { status: 'active' } });
    expect(none.statusCode).toBe(401);
    const wrong = await api.inject({
      method: 'DELETE',
      url: '/subscribers/ada@example.com',
      headers: { authorization: 'Bearer wrong-token-0123456789' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json<ApiError>()).toMatchObject({ statusCode: 403, error: 'Forbidden' });
  });

  it('updates, keeps the status counts right, and deletes', async () => {
    await post(ada);
    const patched = await api.inject({
      method: 'PATCH',
      url: '/subscribers/ada@example.com',
      headers: ADMIN,
      payload: { status: 'active', name: 'Augusta Ada' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<{ data: Subscriber }>().data).toMatchObject({ status: 'active', name: 'Augusta Ada' });
    const active = (await api.inject({ method: 'GET', url: '/subscribers?status=active' })).json<Page<Subscriber>>();
    const unconfirmed = (await api.inject({ method: 'GET', url: '/subscribers?status=unconfirmed' })).json<Page<Subscriber>>();
    expect([active.meta.total, unconfirmed.meta.total]).toEqual([1, 0]);

    const removed = await api.inject({ method: 'DELETE', url: '/subscribers/ada@example.com', headers: ADMIN });
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect((await api.inject({ method: 'GET', url: '/subscribers/ada@example.com' })).statusCode).toBe(404);
    expect((await api.inject({ method: 'DELETE', url: '/subscribers/ada@example.com', headers: ADMIN })).statusCode).toBe(404);
    const all = (await api.inject({ method: 'GET', url: '/subscribers' })).json<Page<Subscriber>>();
    expect(all.meta.total).toBe(0);
  });

  it('answers 404 for an unknown subscriber and 422 for an empty or invalid change', async () => {
    const unknown = await api.inject({ method: 'PATCH', url: '/subscribers/x@example.com', headers: ADMIN, payload: { status: 'active' } });
    expect(unknown.statusCode).toBe(404);
    await post(ada);
    const empty = await api.inject({ method: 'PATCH', url: '/subscribers/ada@example.com', headers: ADMIN, payload: {} });
    expect(empty.statusCode).toBe(422);
    const invalid = await api.inject({
      method: 'PATCH',
      url: '/subscribers/ada@example.com',
      headers: ADMIN,
      payload: { status: 'gone', email: 'new@example.com' },
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json<ApiError>().details?.map((detail) => detail.field).sort()).toEqual(['(body)', 'status']);
  });
});

describe('the cache across API instances', () => {
  it('shows an update and a delete made on one instance on another within 1 second', async () => {
    const other = await startApi();
    try {
      await post(ada);
      const read = async (app: NestFastifyApplication) => app.inject({ method: 'GET', url: '/subscribers/ada@example.com' });
      // Both instances now hold the subscriber in their local and shared tiers.
      expect((await read(other)).json<{ data: Subscriber }>().data.status).toBe('unconfirmed');
      expect((await read(api)).statusCode).toBe(200);

      await api.inject({ method: 'PATCH', url: '/subscribers/ada@example.com', headers: ADMIN, payload: { status: 'active' } });
      const updateSeenAfter = await eventually(async () => {
        expect((await read(other)).json<{ data: Subscriber }>().data.status).toBe('active');
      }, 1000);
      expect(updateSeenAfter).toBeLessThan(1000);

      await api.inject({ method: 'DELETE', url: '/subscribers/ada@example.com', headers: ADMIN });
      const deleteSeenAfter = await eventually(async () => {
        expect((await read(other)).statusCode).toBe(404);
      }, 1000);
      expect(deleteSeenAfter).toBeLessThan(1000);
    } finally {
      await other.close();
    }
  });
});
