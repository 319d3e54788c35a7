import type { DomainCounts } from '@hotpath/contracts';
import { describe, expect, it } from 'vitest';
import { statusChanges } from './status-changes';

const after = (entries: Record<string, [number, number]>): Map<string, DomainCounts> =>
  new Map(Object.entries(entries).map(([domain, [delivered, bounced]]) => [domain, { delivered, bounced }]));

describe('statusChanges', () => {
  it('counts new domains in the status of their first delta, moving nothing', () => {
    const changes = statusChanges(
      [
        ['new-bounce.com', 3, 1],
        ['new-catch.com', 1001, 0],
        ['new-unknown.com', 1000, 0],
      ],
      after({ 'new-bounce.com': [3, 1], 'new-catch.com': [1001, 0], 'new-unknown.com': [1000, 0] }),
    );
    expect(changes.moved.size).toBe(0);
    expect(Object.fromEntries(changes.perStatus)).toEqual({ 'not catch-all': 1, 'catch-all': 1, unknown: 1 });
  });

  it('moves an existing domain that crosses the threshold or gets its first bounce', () => {
    const changes = statusChanges(
      [
        ['crosses.com', 1, 0],
        ['bounces.com', 0, 1],
        ['unknown-bounces.com', 0, 1],
        ['stays.com', 5, 0],
      ],
      after({
        'crosses.com': [1001, 0],
        'bounces.com': [5000, 1],
        'unknown-bounces.com': [10, 1],
        'stays.com': [1010, 0],
      }),
    );
    expect(Object.fromEntries(changes.moved)).toEqual({
      'catch-all': ['crosses.com'],
      'not catch-all': ['bounces.com', 'unknown-bounces.com'],
    });
    // unknown: -1 (crosses) -1 (unknown-bounces); catch-all: +1 -1 = 0 (dropped); not catch-all: +2.
    expect(Object.fromEntries(changes.perStatus)).toEqual({ unknown: -2, 'not catch-all': 2 });
  });

  it('leaves a domain that already had a bounce where it is', () => {
    const changes = statusChanges([['old.com', 3000, 5]], after({ 'old.com': [3000, 6] }));
    expect(changes.moved.size).toBe(0);
    expect(changes.perStatus.size).toBe(0);
  });

  it('fails loudly when a domain was not read back', () => {
    expect(() => statusChanges([['lost.com', 1, 0]], new Map())).toThrow(/lost\.com/);
  });
});
