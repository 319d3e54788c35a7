/** Reserved for documentation (RFC 2606); the API runs with EMAIL_DOMAIN_CHECK=off, so nothing resolves it. */
export const BENCH_EMAIL_DOMAIN = 'example.com';

export type RandomSource = () => number;

/** `count` distinct emails `<prefix>-0000001@example.com`…, the same on every call. */
export function seededEmails(prefix: string, count: number): string[] {
  const digits = Math.max(7, String(count).length);
  return Array.from(
    { length: count },
    (_, index) => `${prefix}-${String(index + 1).padStart(digits, '0')}@${BENCH_EMAIL_DOMAIN}`,
  );
}

export function pickRandom<T>(items: readonly T[], random: RandomSource = Math.random): T {
  if (items.length === 0) throw new RangeError('cannot pick from an empty list');
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * Emails that were never handed out before: a counter under a token that differs per process and start
 * time, so new emails stay unique across every run of one invocation and across invocations.
 */
export class FreshEmailSequence {
  private count = 0;

  constructor(
    private readonly prefix: string,
    private readonly token = `${Date.now().toString(36)}${process.pid.toString(36)}`,
  ) {}

  next(): string {
    this.count++;
    return `${this.prefix}-${this.token}-${this.count.toString(36)}@${BENCH_EMAIL_DOMAIN}`;
  }

  get issued(): number {
    return this.count;
  }
}

export interface DrawnEmail {
  email: string;
  isNew: boolean;
}

/** Draws an existing email, or with probability `newShare` a fresh one. */
export function mixedEmailSource(
  existing: readonly string[],
  newShare: number,
  fresh: FreshEmailSequence,
  random: RandomSource = Math.random,
): () => DrawnEmail {
  if (newShare < 0 || newShare > 1) throw new RangeError(`newShare must be within 0..1, got ${newShare}`);
  return () =>
    random() < newShare
      ? { email: fresh.next(), isNew: true }
      : { email: pickRandom(existing, random), isNew: false };
}
