import { expect, type APIRequestContext } from '@playwright/test';
import { SEEDED_POLL, type Page as ListPage, type Poll } from '@hotpath/contracts';
import { ADMIN_TOKEN } from './e2e-env';

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const HOUR_MS = 3_600_000;

/** The phones poll, made through the API when this database does not have it yet. */
export async function phonesPoll(request: APIRequestContext): Promise<Poll> {
  const listed = await request.get('/api/polls?limit=100');
  expect(listed.status()).toBe(200);
  const found = ((await listed.json()) as ListPage<Poll>).data.find((poll) => poll.question === SEEDED_POLL.question);
  if (found !== undefined) return found;
  const created = await request.post('/api/polls', { data: SEEDED_POLL, headers: admin });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { data: Poll }).data;
}

/**
 * Something on every page, arranged through the real API (as a user of the API would): subscribers, the
 * phones poll with ballots, payments in two currencies, domains in each status (one with hyphens) and
 * analytics events over the last hours.
 */
export async function arrangeDemoData(request: APIRequestContext): Promise<{ poll: Poll; hyphenated: string }> {
  const tag = Date.now().toString(36);
  for (const [name, lastName] of [
    ['Grace', 'Hopper'],
    ['Katherine', 'Johnson'],
    ['Margaret', 'Hamilton'],
  ] as const) {
    const created = await request.post('/api/subscribers', {
      data: { email: `${name.toLowerCase()}-${tag}@mailinator.com`, name, lastName, status: 'active' },
    });
    expect(created.status(), await created.text()).toBe(201);
  }

  const poll = await phonesPoll(request);
  const [pixel, iphone, galaxy] = poll.options;
  for (let ballot = 0; ballot < 12; ballot++) {
    const optionIds = [pixel, iphone, galaxy].filter((_, index) => (ballot + index) % 2 === 0).map((option) => option!.id);
    const voted = await request.post(`/api/polls/${poll.id}/votes`, { data: { optionIds } });
    expect(voted.status(), await voted.text()).toBe(202);
  }

  for (const [amount, currency] of [
    ['15.50', 'EUR'],
    ['120.00', 'EUR'],
    ['9.99', 'EUR'],
    ['250.00', 'USD'],
  ] as const) {
    const paid = await request.post('/api/payments', { data: { amount, currency } });
    expect(paid.status(), await paid.text()).toBe(201);
  }

  const hyphenated = `news-letters-${tag}.mail-delivery-example.com`;
  const events = [
    ...Array.from({ length: 1001 }, () => ({ domain: hyphenated, type: 'delivered' })),
    ...Array.from({ length: 20 }, () => ({ domain: `bounces-${tag}.example.org`, type: 'delivered' })),
    { domain: `bounces-${tag}.example.org`, type: 'bounced' },
    ...Array.from({ length: 5 }, () => ({ domain: `quiet-${tag}.example.net`, type: 'delivered' })),
  ];
  const sent = await request.post('/api/events', { data: events });
  expect(sent.status(), await sent.text()).toBe(202);

  const now = Date.now();
  for (let hoursAgo = 0; hoursAgo < 6; hoursAgo++) {
    for (let event = 0; event < 3 + hoursAgo; event++) {
      const kind = event % 3 === 0 ? 'click' : 'impression';
      const recorded = await request.post(
        `/api/analytics?timestamp=${now - hoursAgo * HOUR_MS - event * 1000}&user=user-${event % 4}&${kind}`,
      );
      expect(recorded.status(), await recorded.text()).toBe(204);
    }
  }
  return { poll, hyphenated };
}
