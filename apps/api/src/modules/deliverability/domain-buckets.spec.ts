import { describe, expect, it } from 'vitest';
import { bucketOf, fnv1a, packCounts, unpackCounts } from './domain-buckets';

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});

describe('bucketOf', () => {
  it('spreads domains evenly enough that no bucket outgrows a listpack', () => {
    const buckets = 1000;
    const perBucket = new Array<number>(buckets).fill(0);
    for (let index = 0; index < 76_000; index++) {
      const bucket = bucketOf(`domain-${index}.example.com`, buckets);
      perBucket[bucket] = (perBucket[bucket] ?? 0) + 1;
    }
    // 76 per bucket on average, as 10M domains over 131,072 buckets; Redis keeps up to 128 as a listpack.
    expect(Math.max(...perBucket)).toBeLessThan(128);
    expect(Math.min(...perBucket)).toBeGreaterThan(30);
  });
});

describe('packCounts / unpackCounts', () => {
  it('round-trips counters', () => {
    for (const counts of [
      { delivered: 0, bounced: 0 },
      { delivered: 1001, bounced: 0 },
      { delivered: 9_007_199_254, bounced: 12 },
    ]) {
      expect(unpackCounts(packCounts(counts))).toEqual(counts);
    }
    expect(packCounts({ delivered: 1500, bounced: 3 })).toBe('1500:3');
  });

  it('refuses anything else', () => {
    for (const value of ['', '12', ':1', '1:', '1:2:3', 'a:b', '-1:0'])
      expect(unpackCounts(value)).toBeNull();
  });
});
