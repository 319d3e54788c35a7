import { describe, expect, it } from 'vitest';
import { addEvents, MailgunEventStream, type CountsByDomain } from './deliverability';

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('MailgunEventStream', () => {
  it('gives each domain at most 2,500 events, about 35% bounces, and every 25th domain none', () => {
    const stream = new MailgunEventStream('t', 50, seeded(1));
    const counts: CountsByDomain = new Map();
    addEvents(
      counts,
      Array.from({ length: 400_000 }, () => stream.next()),
    );

    const finished = [...counts.entries()];
    expect(finished.length).toBeGreaterThan(100);
    for (const [, [delivered, bounced]] of finished) expect(delivered + bounced).toBeLessThanOrEqual(2500);
    const noBounce = finished.filter(
      ([domain]) => parseInt(domain.split('-').pop()!.replace('.example', ''), 36) % 25 === 0,
    );
    expect(noBounce.length).toBeGreaterThan(0);
    for (const [, [, bounced]] of noBounce) expect(bounced).toBe(0);
    const totals = finished.reduce(
      (sum, [, [delivered, bounced]]) => ({
        delivered: sum.delivered + delivered,
        bounced: sum.bounced + bounced,
      }),
      { delivered: 0, bounced: 0 },
    );
    const bounceShare = totals.bounced / (totals.delivered + totals.bounced);
    expect(bounceShare).toBeGreaterThan(0.3);
    expect(bounceShare).toBeLessThan(0.36);
  });

  it('interleaves the domains in progress and names them uniquely', () => {
    const stream = new MailgunEventStream('t', 10, seeded(2));
    const first = Array.from({ length: 50 }, () => stream.next().domain);
    expect(new Set(first).size).toBeGreaterThan(5);
    expect(first.every((domain) => /^t-[a-z0-9]+-[a-z0-9]+\.example$/.test(domain))).toBe(true);
  });
});
