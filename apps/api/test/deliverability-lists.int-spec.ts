import type { ApiError, DeliverabilitySummary, DomainListItem, Envelope, Page } from '@hotpath/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  drained,
  events,
  put,
  report,
  send,
  statusCounts,
  storedDomains,
  useDeliverabilityApp,
} from './support/deliverability-helpers';
import { eventually } from './support/test-app';
import { api } from './support/spec-app';

useDeliverabilityApp();

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
