import type { DomainCounts } from '@hotpath/contracts';

/**
 * FNV-1a (32 bit) of a domain name. Spreads names evenly over the Redis buckets and is cheap in JavaScript;
 * host names are ASCII, so char codes are bytes.
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function bucketOf(domain: string, buckets: number): number {
  return fnv1a(domain) % buckets;
}

/** A domain's counters as one short hash value, `delivered:bounced`, which Redis keeps inside a listpack. */
export function packCounts(counts: DomainCounts): string {
  return `${counts.delivered}:${counts.bounced}`;
}

const PACKED = /^(\d{1,15}):(\d{1,15})$/;

export function unpackCounts(value: string): DomainCounts | null {
  const match = PACKED.exec(value);
  if (match === null) return null;
  return { delivered: Number(match[1]), bounced: Number(match[2]) };
}
