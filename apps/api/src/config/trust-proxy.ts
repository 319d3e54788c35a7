import { isIP } from 'node:net';
import { z } from 'zod';

/** TRUST_PROXY parsed: believe no proxy, the nearest `hops` proxies, or the proxies at these addresses/ranges. */
export type TrustProxy = false | { hops: number } | string[];

/** Names proxy-addr (Fastify's resolver) knows for well-known ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const isAddressOrRange = (entry: string): boolean => {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const width = Number(bits);
  return /^\d{1,3}$/.test(bits) && width <= (family === 4 ? 32 : 128);
};

/**
 * TRUST_PROXY: empty (believe no X-Forwarded-For: the client is the socket's peer), a comma list of proxy
 * addresses / CIDR ranges (or loopback, linklocal, uniquelocal) to believe, or a hop count (`1` = believe the
 * peer as a proxy, whoever it is: safe only when nothing but the proxies can reach the API).
 */
export const trustProxySchema = z
  .string()
  .default('')
  .transform((value, context): TrustProxy => {
    const trimmed = value.trim();
    if (trimmed === '' || trimmed === 'false') return false;
    if (/^\d+$/.test(trimmed)) return Number(trimmed) === 0 ? false : { hops: Number(trimmed) };
    const entries = trimmed
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    const bad = entries.filter((entry) => !isAddressOrRange(entry));
    if (bad.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `must be empty, a hop count, or a comma list of IP addresses / CIDR ranges (not ${bad.join(', ')})`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** The form Fastify's `trustProxy` option takes (a bare number means "trust nothing" in Fastify 5.12). */
export function fastifyTrustProxy(
  trust: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (trust === false) return false;
  if (Array.isArray(trust)) return trust;
  const { hops } = trust;
  return (_address, hop) => hop < hops;
}
