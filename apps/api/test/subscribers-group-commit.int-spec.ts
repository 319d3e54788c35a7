import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppCache, SECOND_INVALIDATION_DELAY_MS } from '../src/core/cache/app-cache';
import { CacheNamespace } from '../src/core/cache/cache-namespaces';
import { SubscriberInsertBatcher } from '../src/modules/subscribers/subscriber-insert.batcher';
import { SubscribersRepository } from '../src/modules/subscribers/subscribers.repository';
import { eventually, resetState, startApi } from './support/test-app';

const TABLES = ['subscriber_field_values', 'subscribers', 'subscriber_status_counts', 'fields'];

let api: NestFastifyApplication;

const post = (email: string) =>
  api.inject({ method: 'POST', url: '/subscribers', payload: { email, name: 'Grace', lastName: 'Hopper' } });

async function scalar(sql: string, params: unknown[] = []): Promise<number> {
  const rows: Array<{ n: string | number | null }> = await api.get(DataSource).query(sql, params);
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await api.close();
});

beforeEach(async () => {
  await resetState(api, TABLES);
});

describe('group commit of new subscribers', () => {
  it('commits a burst in fewer transactions than requests, and the unique index still decides each email', async () => {
    const existing = Array.from({ length: 20 }, (_, index) => `known-${index}@example.com`);
    for (const email of existing) expect((await post(email)).statusCode).toBe(201);
    // Forget what the creates cached, so every known email below goes to the index, not the cache; first let the
    // creates' second invalidations run, which would otherwise delete what the burst caches.
    await new Promise((resolve) => setTimeout(resolve, SECOND_INVALIDATION_DELAY_MS + 200));
    await resetCacheOnly();

    const repository = api.get(SubscribersRepository);
    const lookups = vi.spyOn(repository, 'findManyByEmail');
    const batches = vi.spyOn(repository, 'insertMany');
    const fresh = Array.from({ length: 120 }, (_, index) => `fresh-${index}@example.com`);
    // Every fresh email twice in the same burst: exactly one of the two may win.
    const burst = [...fresh, ...existing, ...fresh];
    const responses = await Promise.all(burst.map((email) => post(email)));

    const byEmail = new Map<string, number[]>();
    burst.forEach((email, index) =>
      byEmail.set(email, [...(byEmail.get(email) ?? []), responses[index]?.statusCode ?? 0]),
    );
    for (const email of fresh) expect(byEmail.get(email)?.sort()).toEqual([201, 409]);
    for (const email of existing) expect(byEmail.get(email)).toEqual([409]);

    // Every request passed one batched look-up; only the emails it did not find reached an INSERT, in batches.
    const looked = lookups.mock.calls.map(([emails]) => emails.length);
    expect(looked.reduce((total, size) => total + size, 0)).toBe(burst.length);
    expect(looked.length).toBeLessThan(burst.length / 2);
    const inserted = batches.mock.calls.map(([items]) => items.map((item) => item.email));
    expect(Math.max(...inserted.map((emails) => emails.length))).toBeGreaterThan(1);
    // The known emails were all found by the look-up: none of them was tried as an INSERT.
    expect(inserted.flat().filter((email) => existing.includes(email))).toEqual([]);
    lookups.mockRestore();

    // The batched read cached what it found (the 409 does not wait for that write): once it is there, a known
    // email's GET needs no query of its own.
    const known = existing[3] ?? '';
    const cache = api.get(AppCache);
    await eventually(async () => {
      expect((await cache.peek(CacheNamespace.Subscriber, known))?.hit).toBe(true);
    });
    const single = vi.spyOn(repository, 'findByEmail');
    const found = await api.inject({ method: 'GET', url: `/subscribers/${known}` });
    expect(found.statusCode).toBe(200);
    expect(single).not.toHaveBeenCalled();
    single.mockRestore();
    batches.mockRestore();

    expect(await scalar('SELECT COUNT(*) AS n FROM subscribers')).toBe(existing.length + fresh.length);
    expect(await scalar('SELECT SUM(count) AS n FROM subscriber_status_counts')).toBe(
      existing.length + fresh.length,
    );
    expect(
      await scalar(
        'SELECT COUNT(*) AS n FROM (SELECT email FROM subscribers GROUP BY email HAVING COUNT(*) > 1) d',
      ),
    ).toBe(0);
  });

  it('answers a 201 only after its row is committed and readable', async () => {
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) => post(`visible-${index}@example.com`)),
    );
    expect(responses.every((response) => response.statusCode === 201)).toBe(true);
    const fresh = await api
      .get(DataSource)
      .query('SELECT COUNT(*) AS n FROM subscribers WHERE email LIKE ?', ['visible-%']);
    expect(Number(fresh[0].n)).toBe(30);
  });

  it('retries a failed batch one subscriber at a time, so one bad row fails only its own request', async () => {
    const batcher = api.get(SubscriberInsertBatcher);
    const subscriber = (email: string, fieldId?: number) => ({
      email,
      name: 'Alan',
      lastName: 'Turing',
      status: 'active' as const,
      values: fieldId === undefined ? [] : [{ fieldId, value: 'x' }],
    });
    // A value for a field that does not exist breaks its foreign key, failing the whole first transaction.
    const results = await Promise.allSettled([
      ...Array.from({ length: 8 }, (_, index) => batcher.insert(subscriber(`good-${index}@example.com`))),
      batcher.insert(subscriber('bad@example.com', 987_654)),
      ...Array.from({ length: 8 }, (_, index) => batcher.insert(subscriber(`good-${index + 8}@example.com`))),
    ]);
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(results[8]?.status).toBe('rejected');
    expect(await scalar('SELECT COUNT(*) AS n FROM subscribers')).toBe(16);
    expect(await scalar("SELECT COUNT(*) AS n FROM subscribers WHERE email = 'bad@example.com'")).toBe(0);
    expect(await scalar("SELECT SUM(count) AS n FROM subscriber_status_counts WHERE status = 'active'")).toBe(
      16,
    );
  });
});

/** Empties Redis and the local tier but keeps the rows. */
async function resetCacheOnly(): Promise<void> {
  await resetState(api, []);
}
