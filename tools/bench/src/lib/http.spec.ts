import { describe, expect, it } from 'vitest';
import { cacheDelta } from './http';

describe('cacheDelta', () => {
  it('counts only what happened between the snapshots', () => {
    const before = { hits: 100, misses: 50, hitRatio: 2 / 3, localEntries: 10 };
    const after = { hits: 1_000, misses: 150, hitRatio: 0.87, localEntries: 900 };
    expect(cacheDelta(before, after)).toEqual({ hits: 900, misses: 100, hitRatio: 0.9 });
  });

  it('has no ratio when nothing was looked up', () => {
    const snapshot = { hits: 5, misses: 5, hitRatio: 0.5, localEntries: 1 };
    expect(cacheDelta(snapshot, snapshot).hitRatio).toBeNaN();
  });
});
