import { emailSchema } from '@hotpath/contracts';
import { describe, expect, it } from 'vitest';
import { FreshEmailSequence, mixedEmailSource, pickRandom, seededEmails } from './emails';

/** A deterministic stand-in for Math.random (mulberry32), so the share check cannot flake. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('seededEmails', () => {
  it('gives distinct, stable emails the API accepts unchanged', () => {
    const emails = seededEmails('hot', 1000);
    expect(emails).toHaveLength(1000);
    expect(new Set(emails).size).toBe(1000);
    expect(emails[0]).toBe('hot-0000001@example.com');
    expect(seededEmails('hot', 1000)).toEqual(emails);
    for (const email of [emails[0], emails[999]]) expect(emailSchema.parse(email)).toBe(email);
  });

  it('keeps prefixes apart', () => {
    const hot = new Set(seededEmails('hot', 100));
    expect(seededEmails('spread', 100).some((email) => hot.has(email))).toBe(false);
  });
});

describe('pickRandom', () => {
  it('maps the random number onto the list', () => {
    expect(pickRandom(['a', 'b', 'c', 'd'], () => 0)).toBe('a');
    expect(pickRandom(['a', 'b', 'c', 'd'], () => 0.5)).toBe('c');
    expect(pickRandom(['a', 'b', 'c', 'd'], () => 0.999_999)).toBe('d');
  });

  it('refuses an empty list', () => {
    expect(() => pickRandom([])).toThrow(RangeError);
  });
});

describe('FreshEmailSequence', () => {
  it('never repeats an email, and counts what it issued', () => {
    const sequence = new FreshEmailSequence('post-new');
    const emails = Array.from({ length: 50_000 }, () => sequence.next());
    expect(new Set(emails).size).toBe(50_000);
    expect(sequence.issued).toBe(50_000);
  });

  it('differs between sequences with different tokens, e.g. two invocations', () => {
    const first = new FreshEmailSequence('post-new', 'aaa');
    const second = new FreshEmailSequence('post-new', 'aab');
    const firstEmails = new Set(Array.from({ length: 1000 }, () => first.next()));
    expect(Array.from({ length: 1000 }, () => second.next()).some((email) => firstEmails.has(email))).toBe(
      false,
    );
  });

  it('makes emails the API accepts unchanged and that never collide with seeded ones', () => {
    const email = new FreshEmailSequence('post-new').next();
    expect(emailSchema.parse(email)).toBe(email);
    expect(seededEmails('post', 10)).not.toContain(email);
  });
});

describe('mixedEmailSource', () => {
  const existing = seededEmails('post', 1000);

  it('draws about the asked share of new emails, each unique, and otherwise existing ones', () => {
    const draw = mixedEmailSource(existing, 0.1, new FreshEmailSequence('post-new'), seededRandom(42));
    const draws = Array.from({ length: 100_000 }, draw);
    const fresh = draws.filter((drawn) => drawn.isNew).map((drawn) => drawn.email);
    expect(fresh.length / draws.length).toBeGreaterThan(0.09);
    expect(fresh.length / draws.length).toBeLessThan(0.11);
    expect(new Set(fresh).size).toBe(fresh.length);
    const known = new Set(existing);
    expect(draws.filter((drawn) => !drawn.isNew).every((drawn) => known.has(drawn.email))).toBe(true);
    expect(fresh.some((email) => known.has(email))).toBe(false);
  });

  it('rejects a share outside 0..1', () => {
    expect(() => mixedEmailSource(existing, 1.5, new FreshEmailSequence('x'))).toThrow(RangeError);
  });
});
