import { describe, expect, it } from 'vitest';
import { LocalCache } from './local-cache';

describe('LocalCache', () => {
  it('returns a value until its TTL passes', () => {
    const cache = new LocalCache<string>(500, 10);
    cache.set('a', 'A', 500, 1000);
    expect(cache.get('a', 1499)).toBe('A');
    expect(cache.get('a', 1500)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never keeps an entry longer than its own TTL, whatever the caller asks', () => {
    const cache = new LocalCache<string>(500, 10);
    cache.set('a', 'A', 60_000, 0);
    expect(cache.get('a', 501)).toBeUndefined();
  });

  it('evicts the oldest entry when full', () => {
    const cache = new LocalCache<number>(1000, 2);
    cache.set('a', 1, 1000, 0);
    cache.set('b', 2, 1000, 0);
    cache.set('c', 3, 1000, 0);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).toEqual([undefined, 2, 3]);
  });

  it('forgets deleted and cleared entries', () => {
    const cache = new LocalCache<number>(1000, 5);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    cache.clear();
    expect(cache.get('b')).toBeUndefined();
  });
});
