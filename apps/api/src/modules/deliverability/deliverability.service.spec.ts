import type { DomainCounts } from '@hotpath/contracts';
import { describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../config/app-config';
import type { AppCache } from '../../core/cache/app-cache';
import { DeliverabilityService } from './deliverability.service';
import type { DomainCountersRepository } from './domain-counters.repository';
import type { DomainCountsRow, DomainRecord, DomainsRepository } from './domains.repository';
import type { EventQueueRepository } from './event-queue.repository';

function setup(options: {
  redis?: Record<string, DomainCounts>;
  complete?: boolean;
  mysql?: Record<string, DomainCounts>;
  redisDown?: boolean;
}) {
  const redis = new Map(Object.entries(options.redis ?? {}));
  const counters = {
    read: vi.fn(async (domain: string) => {
      if (options.redisDown === true) throw new Error('ECONNREFUSED');
      return redis.get(domain) ?? null;
    }),
    isComplete: vi.fn(async () => options.complete ?? true),
    merge: vi.fn(async (rows: DomainCountsRow[]) => {
      for (const [domain, delivered, bounced] of rows) redis.set(domain, { delivered, bounced });
    }),
  };
  const domains = {
    findByName: vi.fn(async (name: string): Promise<DomainRecord | null> => {
      const counts = options.mysql?.[name];
      return counts === undefined
        ? null
        : { id: 1, name, status: 'unknown', statusSince: new Date(0), ...counts };
    }),
    applyBatch: vi.fn(async () => ({ applied: true, counts: [['a.com', 2, 0]] as DomainCountsRow[] })),
    countsOf: vi.fn(async (): Promise<DomainCountsRow[]> => [['a.com', 9, 0]]),
  };
  const queue = { enqueue: vi.fn(async () => undefined), requestRefill: vi.fn(async () => true) };
  const service = new DeliverabilityService(
    domains as unknown as DomainsRepository,
    counters as unknown as DomainCountersRepository,
    queue as unknown as EventQueueRepository,
    // The in-process tier off (TTL 0): these tests are about what lies behind it.
    {
      getOrLoadLocal: <T>(_n: string, _id: string, load: () => Promise<T>) => load(),
      forgetLocal: () => undefined,
    } as unknown as AppCache,
    { get: () => 0 } as unknown as AppConfig,
  );
  return { service, counters, domains, queue, redis };
}

describe('DeliverabilityService.report', () => {
  it('answers from Redis alone when it holds the domain', async () => {
    const { service, domains, counters } = setup({ redis: { 'a.com': { delivered: 1001, bounced: 0 } } });
    expect(await service.report('a.com')).toEqual({
      domain: 'a.com',
      status: 'catch-all',
      delivered: 1001,
      bounced: 0,
    });
    expect(counters.isComplete).not.toHaveBeenCalled();
    expect(domains.findByName).not.toHaveBeenCalled();
  });

  it('answers unknown without MySQL for a domain missing from complete counters', async () => {
    const { service, domains } = setup({ complete: true, mysql: { 'a.com': { delivered: 5, bounced: 0 } } });
    expect(await service.report('a.com')).toMatchObject({ status: 'unknown', delivered: 0, bounced: 0 });
    expect(domains.findByName).not.toHaveBeenCalled();
  });

  it('asks MySQL, puts the domain back and requests a refill when the counters are incomplete', async () => {
    const { service, counters, queue, redis } = setup({
      complete: false,
      mysql: { 'a.com': { delivered: 3, bounced: 1 } },
    });
    expect(await service.report('a.com')).toMatchObject({
      status: 'not catch-all',
      delivered: 3,
      bounced: 1,
    });
    expect(counters.merge).toHaveBeenCalledWith([['a.com', 3, 1]]);
    expect(redis.get('a.com')).toEqual({ delivered: 3, bounced: 1 });
    expect(queue.requestRefill).toHaveBeenCalledTimes(1);
    expect(await service.report('b.com')).toMatchObject({ status: 'unknown', delivered: 0 });
  });

  it('degrades to MySQL when Redis cannot be reached', async () => {
    const { service, domains } = setup({ redisDown: true, mysql: { 'a.com': { delivered: 1, bounced: 0 } } });
    expect(await service.report('a.com')).toMatchObject({ delivered: 1 });
    expect(domains.findByName).toHaveBeenCalledWith('a.com');
  });
});

describe('DeliverabilityService.record and applyBatch', () => {
  it('queues one delta per domain and answers the number of events', async () => {
    const { service, queue } = setup({});
    const accepted = await service.record([
      { domain: 'a.com', type: 'delivered' },
      { domain: 'a.com', type: 'bounced' },
      { domain: 'b.com', type: 'delivered' },
    ]);
    expect(accepted).toBe(3);
    expect(queue.enqueue).toHaveBeenCalledWith([
      ['a.com', 1, 1],
      ['b.com', 1, 0],
    ]);
  });

  it('writes the counts MySQL returns to Redis, and the current ones for a batch applied before', async () => {
    const { service, domains, counters } = setup({});
    expect(
      await service.applyBatch('batch-1', [
        ['a.com', 1, 0],
        ['a.com', 1, 0],
      ]),
    ).toBe(true);
    expect(domains.applyBatch).toHaveBeenCalledWith('batch-1', [['a.com', 2, 0]]);
    expect(counters.merge).toHaveBeenLastCalledWith([['a.com', 2, 0]]);
    domains.applyBatch.mockResolvedValueOnce({ applied: false, counts: [] });
    expect(await service.applyBatch('batch-1', [['a.com', 2, 0]])).toBe(false);
    expect(domains.countsOf).toHaveBeenCalledWith(['a.com']);
    expect(counters.merge).toHaveBeenLastCalledWith([['a.com', 9, 0]]);
  });
});
