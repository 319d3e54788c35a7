import { describe, expect, it } from 'vitest';
import { eventsToDeltas, mergeDeltas } from './domain-deltas';

describe('eventsToDeltas', () => {
  it('sums the events of each domain, first appearance first', () => {
    expect(
      eventsToDeltas([
        { domain: 'b.com', type: 'delivered' },
        { domain: 'a.com', type: 'bounced' },
        { domain: 'b.com', type: 'delivered' },
        { domain: 'b.com', type: 'bounced' },
      ]),
    ).toEqual([
      ['b.com', 2, 1],
      ['a.com', 0, 1],
    ]);
  });

  it('turns 10,000 events over two domains into two deltas', () => {
    const events = Array.from({ length: 10_000 }, (_, index) => ({
      domain: index % 2 === 0 ? 'even.com' : 'odd.com',
      type: index % 10 === 0 ? ('bounced' as const) : ('delivered' as const),
    }));
    expect(eventsToDeltas(events)).toEqual([
      ['even.com', 4000, 1000],
      ['odd.com', 5000, 0],
    ]);
  });
});

describe('mergeDeltas', () => {
  it('merges the deltas of several requests and sorts them by domain', () => {
    const input: Array<[string, number, number]> = [
      ['c.com', 1, 0],
      ['a.com', 0, 1],
      ['c.com', 2, 3],
    ];
    expect(mergeDeltas(input)).toEqual([
      ['a.com', 0, 1],
      ['c.com', 3, 3],
    ]);
    expect(input[0]).toEqual(['c.com', 1, 0]);
  });
});
