import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DomainReport, Envelope } from '@hotpath/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DomainCountersRepository } from '../src/modules/deliverability/domain-counters.repository';
import { completeCounters, DELIVERABILITY_TABLES } from './support/deliverability-helpers';
import { eventually, resetState, startApi } from './support/test-app';

const TTL_MS = 700;

let cached: NestFastifyApplication;
let uncached: NestFastifyApplication;

const delivered = async (app: NestFastifyApplication, domain: string): Promise<number> => {
  const response = await app.inject({ method: 'GET', url: `/domains/${domain}` });
  expect(response.statusCode).toBe(200);
  return response.json<Envelope<DomainReport>>().data.delivered;
};

beforeAll(async () => {
  cached = await startApi({ DOMAIN_STATUS_LOCAL_TTL_MS: String(TTL_MS) });
  uncached = await startApi({ DOMAIN_STATUS_LOCAL_TTL_MS: '0' });
});

afterAll(async () => {
  await Promise.all([cached.close(), uncached.close()]);
});

beforeEach(async () => {
  await resetState(cached, DELIVERABILITY_TABLES);
  await completeCounters(cached);
});

describe('the in-process tier of GET /domains/:domain', () => {
  it('answers repeated reads from memory, then shows a change within DOMAIN_STATUS_LOCAL_TTL_MS', async () => {
    const counters = cached.get(DomainCountersRepository);
    await counters.merge([['tier.example.com', 5, 0]]);
    const reads = vi.spyOn(counters, 'read');
    expect(await delivered(cached, 'tier.example.com')).toBe(5);
    for (let index = 0; index < 20; index++) expect(await delivered(cached, 'tier.example.com')).toBe(5);
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();

    await counters.merge([['tier.example.com', 2000, 0]]);
    const changedAt = Date.now();
    // Redis already says 2000; this process may keep saying 5, but never for longer than the bound.
    expect(await delivered(uncached, 'tier.example.com')).toBe(2000);
    await eventually(async () => expect(await delivered(cached, 'tier.example.com')).toBe(2000), 5000, 10);
    expect(Date.now() - changedAt).toBeLessThanOrEqual(TTL_MS + 250);
  });

  it('shares one Redis read among concurrent misses of one domain', async () => {
    const counters = cached.get(DomainCountersRepository);
    await counters.merge([['burst.example.com', 7, 3]]);
    const reads = vi.spyOn(counters, 'read');
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => delivered(cached, 'burst.example.com')),
    );
    expect(answers.every((value) => value === 7)).toBe(true);
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
  });

  it('reads Redis on every request when the tier is off (TTL 0)', async () => {
    const counters = uncached.get(DomainCountersRepository);
    await counters.merge([['off.example.com', 1, 0]]);
    const reads = vi.spyOn(counters, 'read');
    for (let index = 0; index < 5; index++) expect(await delivered(uncached, 'off.example.com')).toBe(1);
    expect(reads).toHaveBeenCalledTimes(5);
    reads.mockRestore();
  });
});
