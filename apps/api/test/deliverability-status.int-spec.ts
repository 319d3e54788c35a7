import type { ApiError } from '@hotpath/contracts';
import { describe, expect, it, vi } from 'vitest';
import { DeliverabilityService } from '../src/modules/deliverability/deliverability.service';
import { DomainCountersRepository } from '../src/modules/deliverability/domain-counters.repository';
import { DomainsRepository } from '../src/modules/deliverability/domains.repository';
import {
  completeCounters,
  drained,
  events,
  flushRedis,
  put,
  redisCounters,
  report,
  send,
  statusCounts,
  storedDomains,
  useDeliverabilityApp,
} from './support/deliverability-helpers';
import { eventually } from './support/test-app';
import { api, worker } from './support/spec-app';

useDeliverabilityApp();

describe('GET /domains/:domain and the status rule', () => {
  it('answers unknown with zero counts for a domain never seen', async () => {
    expect(await report('never-seen.example')).toEqual({
      domain: 'never-seen.example',
      status: 'unknown',
      delivered: 0,
      bounced: 0,
    });
  });

  it('answers 400 for a domain that is not a host name', async () => {
    const response = await api.inject({ method: 'GET', url: '/domains/not_a_host' });
    expect(response.statusCode).toBe(400);
    expect(response.json<ApiError>()).toMatchObject({ statusCode: 400, message: 'Invalid domain' });
  });

  it('keeps exactly 1000 deliveries unknown and makes 1001 a catch-all', async () => {
    await send([
      ...events('edge-1000.example', 'delivered', 1000),
      ...events('edge-1001.example', 'delivered', 1001),
    ]);
    await drained(api);
    expect(await report('edge-1000.example')).toMatchObject({
      status: 'unknown',
      delivered: 1000,
      bounced: 0,
    });
    expect(await report('edge-1001.example')).toMatchObject({
      status: 'catch-all',
      delivered: 1001,
      bounced: 0,
    });
    // The 1001st delivery arriving on its own moves the domain, in MySQL too.
    expect((await put('edge-1000.example', 'delivered')).statusCode).toBe(204);
    await drained(api);
    expect(await report('edge-1000.example')).toMatchObject({ status: 'catch-all', delivered: 1001 });
    const stored = await storedDomains(api);
    expect(stored.get('edge-1000.example')?.status).toBe('catch-all');
    expect(await statusCounts(api)).toEqual({ 'catch-all': 2 });
  });

  it('turns a catch-all with 5000 deliveries into not catch-all with a single bounce', async () => {
    await send(events('flip.example', 'delivered', 5000));
    await drained(api);
    expect(await report('flip.example')).toMatchObject({ status: 'catch-all', delivered: 5000, bounced: 0 });
    expect((await put('flip.example', 'bounced')).statusCode).toBe(204);
    await drained(api);
    expect(await report('flip.example')).toEqual({
      domain: 'flip.example',
      status: 'not catch-all',
      delivered: 5000,
      bounced: 1,
    });
    expect((await storedDomains(api)).get('flip.example')?.status).toBe('not catch-all');
    expect(await statusCounts(api)).toEqual({ 'not catch-all': 1 });
    // More deliveries never make it a catch-all again.
    await send(events('flip.example', 'delivered', 2000));
    await drained(api);
    expect(await report('flip.example')).toMatchObject({ status: 'not catch-all', delivered: 7000 });
  });

  it('serves reads from Redis without a MySQL query', async () => {
    await send([...events('hot.example', 'delivered', 1500)]);
    await drained(api);
    const repository = api.get(DomainsRepository);
    const findByName = vi.spyOn(repository, 'findByName');
    const countsOf = vi.spyOn(repository, 'countsOf');
    for (let index = 0; index < 20; index++) {
      expect(await report('hot.example')).toMatchObject({ status: 'catch-all', delivered: 1500 });
      expect(await report(`cold-${index}.example`)).toMatchObject({ status: 'unknown', delivered: 0 });
    }
    expect(findByName).not.toHaveBeenCalled();
    expect(countsOf).not.toHaveBeenCalled();
  });

  it('answers from MySQL when Redis lost the counters, puts them back, and the worker refills the rest', async () => {
    await send([
      ...events('lost-a.example', 'delivered', 1200),
      ...events('lost-b.example', 'bounced', 3),
      ...events('lost-c.example', 'delivered', 7),
    ]);
    await drained(api);
    await flushRedis();
    const findByName = vi.spyOn(api.get(DomainsRepository), 'findByName');

    expect(await report('lost-a.example')).toMatchObject({ status: 'catch-all', delivered: 1200 });
    expect(findByName).toHaveBeenCalledTimes(1);
    expect(await redisCounters(api, 'lost-a.example')).toBe('1200:0');
    expect(await report('lost-a.example')).toMatchObject({ delivered: 1200 });
    expect(findByName).toHaveBeenCalledTimes(1);

    // The miss asked the worker to refill every domain from MySQL; afterwards nothing reaches MySQL.
    await eventually(async () => {
      expect(await redisCounters(api, 'lost-c.example')).toBe('7:0');
      expect(await api.get(DeliverabilityService).report('never.example')).toMatchObject({
        status: 'unknown',
      });
      findByName.mockClear();
      await report('lost-b.example');
      await report('still-never-seen.example');
      expect(findByName).not.toHaveBeenCalled();
    }, 15_000);
    expect(await report('lost-b.example')).toMatchObject({ status: 'not catch-all', bounced: 3 });
  });
});

describe('batches apply exactly once', () => {
  it('applies a batch id once in MySQL and Redis however often it is run', async () => {
    const service = worker.get(DeliverabilityService);
    const batch: Array<[string, number, number]> = [
      ['once.example', 700, 0],
      ['twice.example', 0, 2],
      ['once.example', 400, 0],
    ];
    expect(await service.applyBatch('0f8c2d64-1111-4a4a-9b9b-000000000001', batch)).toBe(true);
    expect(await service.applyBatch('0f8c2d64-1111-4a4a-9b9b-000000000001', batch)).toBe(false);
    await Promise.all([
      service.applyBatch('0f8c2d64-1111-4a4a-9b9b-000000000002', batch),
      service.applyBatch('0f8c2d64-1111-4a4a-9b9b-000000000002', batch),
    ]);
    const stored = await storedDomains(api);
    expect(stored.get('once.example')).toMatchObject({ delivered: 2200, status: 'catch-all' });
    expect(stored.get('twice.example')).toMatchObject({ bounced: 4, status: 'not catch-all' });
    expect(await redisCounters(api, 'once.example')).toBe('2200:0');
    expect(await statusCounts(api)).toEqual({ 'catch-all': 1, 'not catch-all': 1 });
  });

  it('keeps the newer Redis value when an older one arrives late', async () => {
    const service = worker.get(DeliverabilityService);
    await service.applyBatch('0f8c2d64-2222-4a4a-9b9b-000000000001', [['late.example', 10, 0]]);
    await service.applyBatch('0f8c2d64-2222-4a4a-9b9b-000000000002', [['late.example', 5, 1]]);
    // The refill copies MySQL again: the same values, so nothing moves backwards or counts twice.
    await completeCounters(api);
    expect(await redisCounters(api, 'late.example')).toBe('15:1');
  });
});

describe('the Redis counters', () => {
  it('only move forwards: an older value arriving late, or twice, changes nothing', async () => {
    const counters = api.get(DomainCountersRepository);
    await counters.merge([['forward.example', 10, 0]]);
    await counters.merge([['forward.example', 5, 0]]);
    await counters.merge([['forward.example', 10, 0]]);
    expect(await redisCounters(api, 'forward.example')).toBe('10:0');
    await counters.merge([
      ['forward.example', 10, 1],
      ['other.example', 1, 0],
      ['forward.example', 9, 1],
    ]);
    expect(await redisCounters(api, 'forward.example')).toBe('10:1');
    expect(await redisCounters(api, 'other.example')).toBe('1:0');
  });

  it('are only marked complete by a refill that Redis did not lose on the way', async () => {
    const counters = api.get(DomainCountersRepository);
    await flushRedis();
    await counters.beginRefill('first');
    await flushRedis();
    expect(await counters.finishRefill('first')).toBe(false);
    expect(await counters.isComplete()).toBe(false);
    await counters.beginRefill('second');
    await counters.beginRefill('third');
    expect(await counters.finishRefill('second')).toBe(false);
    expect(await counters.finishRefill('third')).toBe(true);
    expect(await counters.isComplete()).toBe(true);
  });
});
