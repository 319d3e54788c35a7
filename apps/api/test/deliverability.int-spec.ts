import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type {
  ApiError,
  DeliverabilitySummary,
  DomainListItem,
  DomainReport,
  Envelope,
  EventsAccepted,
  Page,
} from '@hotpath/contracts';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeliverabilityService } from '../src/modules/deliverability/deliverability.service';
import { DomainCountersRepository } from '../src/modules/deliverability/domain-counters.repository';
import { DomainsRepository } from '../src/modules/deliverability/domains.repository';
import {
  completeCounters,
  DELIVERABILITY_TABLES,
  drained,
  events,
  eventsQueue,
  flushRedis,
  redisCounters,
  statusCounts,
  storedDomains,
} from './support/deliverability-helpers';
import { eventually, resetState, startApi, startWorker } from './support/test-app';

let api: NestFastifyApplication;
let worker: INestApplicationContext;

const put = (domain: string, type: string) =>
  api.inject({ method: 'PUT', url: `/events/${encodeURIComponent(domain)}/${type}` });

const postEvents = (body: unknown) => api.inject({ method: 'POST', url: '/events', payload: body as object });

const postNdjson = (lines: string[], url = '/events') =>
  api.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-ndjson' },
    payload: lines.join('\n'),
  });

async function report(domain: string): Promise<DomainReport> {
  const response = await api.inject({ method: 'GET', url: `/domains/${encodeURIComponent(domain)}` });
  expect(response.statusCode).toBe(200);
  return response.json<Envelope<DomainReport>>().data;
}

async function send(body: Array<{ domain: string; type: string }>): Promise<void> {
  for (let start = 0; start < body.length; start += 10_000) {
    const response = await postEvents(body.slice(start, start + 10_000));
    expect(response.statusCode).toBe(202);
  }
}

async function rowCount(): Promise<number> {
  const rows: Array<{ n: string | number }> = await api
    .get(DataSource)
    .query('SELECT COUNT(*) AS n FROM domains');
  return Number(rows[0]?.n);
}

beforeAll(async () => {
  api = await startApi();
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
});

beforeEach(async () => {
  vi.restoreAllMocks();
  await drained(api);
  await resetState(api, DELIVERABILITY_TABLES);
  await completeCounters(api);
});

describe('PUT /events/:domain/:type', () => {
  it('answers 204 without a body and counts delivered and bounced events', async () => {
    const delivered = await put('example.com', 'delivered');
    expect(delivered.statusCode).toBe(204);
    expect(delivered.body).toBe('');
    expect((await put('example.com', 'bounced')).statusCode).toBe(204);
    expect((await put('example.com', 'delivered')).statusCode).toBe(204);
    await drained(api);
    expect(await report('example.com')).toEqual({
      domain: 'example.com',
      status: 'not catch-all',
      delivered: 2,
      bounced: 1,
    });
  });

  it('normalises the domain: lower case, trailing dot removed', async () => {
    expect((await put('Mail.Example.COM.', 'delivered')).statusCode).toBe(204);
    expect((await put('mail.example.com', 'delivered')).statusCode).toBe(204);
    await drained(api);
    expect([...(await storedDomains(api)).keys()]).toEqual(['mail.example.com']);
    expect((await report('MAIL.example.com.')).delivered).toBe(2);
  });

  it.each(['bad_domain.com', 'a..b', `${'a'.repeat(64)}.com`, 'ex ample.com', 'münchen.de', 'exa$mple.com'])(
    'answers 400 for the host name %j and records nothing',
    async (domain) => {
      const response = await put(domain, 'delivered');
      expect(response.statusCode).toBe(400);
      expect(response.json<ApiError>()).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid domain',
      });
      expect(response.json<ApiError>().details?.[0]?.message).toMatch(/host name/);
    },
  );

  it('accepts a host name of the full 253 characters and refuses 254', async () => {
    const label = 'a'.repeat(63);
    const longest = `${label}.${label}.${label}.${'b'.repeat(61)}`;
    expect(longest).toHaveLength(253);
    expect((await put(longest, 'delivered')).statusCode).toBe(204);
    const tooLong = await put(`${longest}c`, 'delivered');
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json<ApiError>()).toMatchObject({ statusCode: 400, message: 'Invalid domain' });
  });

  it('answers 404 in the one error shape for any other event type', async () => {
    for (const type of ['opened', 'Delivered', 'clicked']) {
      const response = await put('example.com', type);
      expect(response.statusCode).toBe(404);
      expect(response.json<ApiError>()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
    const missingType = await api.inject({ method: 'PUT', url: '/events/example.com' });
    expect(missingType.statusCode).toBe(404);
    expect(await eventsQueue(api).getJobCounts()).toMatchObject({ waiting: 0, active: 0 });
    expect(await rowCount()).toBe(0);
  });
});

describe('POST /events', () => {
  it('accepts a JSON array with 202 and the number accepted', async () => {
    const response = await postEvents([
      ...events('a.example', 'delivered', 3),
      ...events('B.example.', 'bounced', 2),
      { domain: 'a.example', type: 'bounced' },
    ]);
    expect(response.statusCode).toBe(202);
    expect(response.json<Envelope<EventsAccepted>>()).toEqual({ data: { accepted: 6 } });
    await drained(api);
    expect(await report('a.example')).toMatchObject({ delivered: 3, bounced: 1 });
    expect(await report('b.example')).toMatchObject({ delivered: 0, bounced: 2 });
  });

  it('accepts NDJSON, blank lines ignored', async () => {
    const response = await postNdjson([
      '{"domain":"nd.example","type":"delivered"}',
      '',
      '{"domain":"nd.example","type":"delivered"}\r',
      '{"domain":"nd.example","type":"bounced"}',
      '',
    ]);
    expect(response.statusCode).toBe(202);
    expect(response.json<Envelope<EventsAccepted>>().data.accepted).toBe(3);
    await drained(api);
    expect(await report('nd.example')).toMatchObject({ delivered: 2, bounced: 1 });
  });

  it('answers 400 naming the NDJSON line that is not JSON, and 415 for NDJSON anywhere else', async () => {
    const broken = await postNdjson(['{"domain":"nd.example","type":"delivered"}', '{"domain":']);
    expect(broken.statusCode).toBe(400);
    expect(broken.json<ApiError>()).toMatchObject({ statusCode: 400, message: 'Line 2 is not valid JSON' });
    const elsewhere = await postNdjson(['{"email":"a@example.com"}'], '/subscribers');
    expect(elsewhere.statusCode).toBe(415);
    expect(elsewhere.json<ApiError>().statusCode).toBe(415);
    expect(await rowCount()).toBe(0);
  });

  it('answers 422 listing the bad indexes and applies none of the batch', async () => {
    const response = await postEvents([
      { domain: 'ok.example', type: 'delivered' },
      { domain: 'bad_domain', type: 'delivered' },
      { domain: 'ok.example', type: 'delivered' },
      { domain: 'ok.example', type: 'opened' },
      { domain: 'ok.example' },
      'not an event',
    ]);
    expect(response.statusCode).toBe(422);
    const body = response.json<ApiError>();
    expect(body.message).toBe('4 of 6 events are invalid (index 1, 3, 4, 5); none were applied');
    expect(body.details?.map((detail) => detail.field)).toEqual(['1.domain', '3.type', '4.type', '5']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await drained(api);
    expect(await rowCount()).toBe(0);
    expect((await report('ok.example')).delivered).toBe(0);
  });

  it('answers 422 for an empty batch, more than 10,000 events, or a body that is not an array', async () => {
    const tooMany = await postEvents(events('big.example', 'delivered', 10_001));
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json<ApiError>().details).toEqual([
      { field: '(body)', message: 'must hold at most 10000 events' },
    ]);
    expect((await postEvents([])).statusCode).toBe(422);
    expect((await postEvents({ domain: 'a.example', type: 'delivered' })).statusCode).toBe(422);
    const badJson = await api.inject({
      method: 'POST',
      url: '/events',
      headers: { 'content-type': 'application/json' },
      payload: '[{"domain":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(await rowCount()).toBe(0);
  });

  it('takes exactly 10,000 events in one request', async () => {
    const response = await postEvents([
      ...events('max.example', 'delivered', 6000),
      ...events('max.example', 'bounced', 4000),
    ]);
    expect(response.statusCode).toBe(202);
    expect(response.json<Envelope<EventsAccepted>>().data.accepted).toBe(10_000);
    await drained(api);
    expect(await report('max.example')).toMatchObject({ delivered: 6000, bounced: 4000 });
  });
});

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

describe("a generator shaped like Mailgun's load test", () => {
  it("ends with every domain's counts and status matching the rule", async () => {
    // Each random domain gets up to 2,500 events, about 35% of them bounces; every 25th domain gets none.
    let seed = 20_251_121;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const expected = new Map<string, { delivered: number; bounced: number }>();
    const stream: Array<{ domain: string; type: 'delivered' | 'bounced' }> = [];
    for (let index = 1; index <= 60; index++) {
      const domain = `gen-${Math.floor(random() * 1e9).toString(36)}-${index}.example`;
      const total = 1 + Math.floor(random() * 2500);
      const bounceShare = index % 25 === 0 ? 0 : 0.35;
      const counts = { delivered: 0, bounced: 0 };
      for (let event = 0; event < total; event++) {
        const type = random() < bounceShare ? 'bounced' : 'delivered';
        counts[type]++;
        stream.push({ domain, type });
      }
      expected.set(domain, counts);
    }
    // Interleave the domains as concurrent senders would, then send as batches and some single PUTs.
    for (let index = stream.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [stream[index], stream[other]] = [stream[other]!, stream[index]!];
    }
    const singles = stream.slice(0, 300);
    await send(stream.slice(300));
    for (let start = 0; start < singles.length; start += 50) {
      const responses = await Promise.all(
        singles.slice(start, start + 50).map((event) => put(event.domain, event.type)),
      );
      expect(responses.every((response) => response.statusCode === 204)).toBe(true);
    }
    await drained(api);

    const stored = await storedDomains(api);
    expect(stored.size).toBe(expected.size);
    const perStatus: Record<string, number> = {};
    for (const [domain, counts] of expected) {
      const status = counts.bounced > 0 ? 'not catch-all' : counts.delivered > 1000 ? 'catch-all' : 'unknown';
      perStatus[status] = (perStatus[status] ?? 0) + 1;
      expect(await report(domain)).toEqual({ domain, status, ...counts });
      expect(stored.get(domain)).toEqual({ name: domain, status, ...counts });
    }
    expect(perStatus['catch-all']).toBeGreaterThan(0);
    expect(await statusCounts(api)).toEqual(perStatus);
    const summary = await api.inject({ method: 'GET', url: '/deliverability/summary' });
    expect(summary.json<Envelope<DeliverabilitySummary>>().data).toMatchObject({
      counts: {
        unknown: perStatus['unknown'] ?? 0,
        'catch-all': perStatus['catch-all'],
        'not catch-all': perStatus['not catch-all'],
      },
      total: expected.size,
    });
  });
});

describe('GET /domains and GET /deliverability/summary', () => {
  beforeEach(async () => {
    // Four catch-alls entering the status one batch after another, two bounced domains, one unknown.
    for (const domain of ['c1.example', 'c2.example', 'c3.example', 'c4.example']) {
      await send(events(domain, 'delivered', 1001));
      await drained(api);
    }
    await send([
      ...events('n1.example', 'bounced', 1),
      ...events('n2.example', 'bounced', 2),
      ...events('u1.example', 'delivered', 5),
    ]);
    await drained(api);
  });

  it('pages through one status, latest to enter it first', async () => {
    const first = await api.inject({ method: 'GET', url: '/domains?status=catch-all&limit=3' });
    expect(first.statusCode).toBe(200);
    const page1 = first.json<Page<DomainListItem>>();
    expect(page1.data.map((item) => item.domain)).toEqual(['c4.example', 'c3.example', 'c2.example']);
    expect(page1.data[0]).toMatchObject({ status: 'catch-all', delivered: 1001, bounced: 0 });
    expect(page1.meta).toMatchObject({ limit: 3, total: null });
    const second = await api.inject({
      method: 'GET',
      url: `/domains?status=catch-all&limit=3&cursor=${page1.meta.nextCursor}`,
    });
    const page2 = second.json<Page<DomainListItem>>();
    expect(page2.data.map((item) => item.domain)).toEqual(['c1.example']);
    expect(page2.meta.nextCursor).toBeNull();
    const bounced = await api.inject({ method: 'GET', url: '/domains?status=not%20catch-all' });
    expect(
      bounced
        .json<Page<DomainListItem>>()
        .data.map((item) => item.domain)
        .sort(),
    ).toEqual(['n1.example', 'n2.example']);
  });

  it('answers 422 for a missing or unknown status, a bad limit, and a foreign cursor', async () => {
    for (const query of ['', '?status=maybe', '?status=unknown&limit=0', '?status=unknown&cursor=!!']) {
      const response = await api.inject({ method: 'GET', url: `/domains${query}` });
      expect(response.statusCode).toBe(422);
      expect(response.json<ApiError>().statusCode).toBe(422);
    }
    const page = (await api.inject({ method: 'GET', url: '/domains?status=catch-all&limit=1' })).json<
      Page<DomainListItem>
    >();
    const foreign = await api.inject({
      method: 'GET',
      url: `/domains?status=unknown&cursor=${page.meta.nextCursor}`,
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json<ApiError>().details).toEqual([
      { field: 'cursor', message: 'belongs to another status; start again' },
    ]);
  });

  it('counts the domains per status', async () => {
    await eventually(async () => {
      const response = await api.inject({ method: 'GET', url: '/deliverability/summary' });
      expect(response.statusCode).toBe(200);
      expect(response.json<Envelope<DeliverabilitySummary>>().data).toMatchObject({
        counts: { unknown: 1, 'catch-all': 4, 'not catch-all': 2 },
        total: 7,
      });
    }, 5000);
  });
});
