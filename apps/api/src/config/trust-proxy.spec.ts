import { describe, expect, it } from 'vitest';
import { fastifyTrustProxy, trustProxySchema } from './trust-proxy';

describe('TRUST_PROXY', () => {
  it('believes no proxy when empty', () => {
    expect(trustProxySchema.parse('')).toBe(false);
    expect(trustProxySchema.parse(undefined)).toBe(false);
    expect(trustProxySchema.parse('0')).toBe(false);
    expect(fastifyTrustProxy(false)).toBe(false);
  });

  it('takes a comma list of addresses, CIDR ranges and proxy-addr range names', () => {
    expect(trustProxySchema.parse(' 10.0.0.0/8, 127.0.0.1 ,::1, fd00::/8,loopback')).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it('takes a hop count, trusting exactly that many hops from the socket', () => {
    const trust = fastifyTrustProxy(trustProxySchema.parse('2'));
    expect(typeof trust).toBe('function');
    const trusts = trust as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => trusts('203.0.113.1', hop))).toEqual([true, true, false]);
  });

  it('refuses `true` and anything that is not an address or range, naming the bad entries', () => {
    for (const value of ['true', '10.0.0.0/33', '300.1.1.1', 'proxy.internal', '10.0.0.1/8/1']) {
      const result = trustProxySchema.safeParse(value);
      expect(result.success, value).toBe(false);
      expect(result.error?.issues[0]?.message).toContain(value.split(',')[0] ?? '');
    }
  });
});
