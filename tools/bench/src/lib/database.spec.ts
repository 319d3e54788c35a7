import { describe, expect, it } from 'vitest';
import { spreadOverShards, STATUS_COUNT_SHARDS } from './database';

describe('spreadOverShards', () => {
  it('keeps the total and differs by at most one between shards', () => {
    for (const count of [0, 1, 15, 16, 17, 100_000, 1_001]) {
      const shares = spreadOverShards(count, STATUS_COUNT_SHARDS);
      expect(shares).toHaveLength(STATUS_COUNT_SHARDS);
      expect(shares.reduce((total, share) => total + share, 0)).toBe(count);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    }
  });

  it('gives the remainder to the first shards', () => {
    expect(spreadOverShards(5, 3)).toEqual([2, 2, 1]);
  });
});
