import { Injectable, Logger } from '@nestjs/common';
import type { MxRecord } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import { AppConfig } from '../../config/app-config';
import { AppCache } from '../../core/cache/app-cache';
import { CacheNamespace, CacheTtl } from '../../core/cache/cache-namespaces';

/**
 * `alive`: the domain can receive mail; `dead`: it does not exist, has no MX/A/AAAA or publishes a null MX;
 * `unknown`: the resolver failed.
 */
export type DomainVerdict = 'alive' | 'dead' | 'unknown';

const { aliveSeconds: ALIVE_SECONDS, deadSeconds: DEAD_SECONDS } = CacheTtl[CacheNamespace.EmailDomain];

/** Answers that mean "the name has no such record", as opposed to "the resolver could not answer". */
const NO_RECORD_CODES = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'NXDOMAIN']);

/**
 * RFC 7505 "null MX": a single MX record whose exchange is the root (".", which the resolver hands back as "")
 * says the domain accepts no mail at all; the A/AAAA fallback must not be tried then.
 */
const isNullMx = (record: MxRecord): boolean => record.exchange === '' || record.exchange === '.';

function errorCode(error: unknown): string {
  return (error as { code?: string }).code ?? 'UNKNOWN';
}

/**
 * Decides whether an email's host domain can receive mail: an MX record, or else an A/AAAA record.
 * Verdicts are cached per domain (a day when alive, an hour when dead); resolver failures are not cached.
 */
@Injectable()
export class EmailDomainChecker {
  private readonly logger = new Logger(EmailDomainChecker.name);
  private readonly resolver: Resolver;
  readonly enabled: boolean;

  constructor(
    config: AppConfig,
    private readonly cache: AppCache,
  ) {
    this.enabled = config.get('EMAIL_DOMAIN_CHECK') === 'on';
    this.resolver = new Resolver({ timeout: config.get('DNS_TIMEOUT_MS'), tries: 1 });
    const servers = config.get('DNS_SERVERS');
    if (servers.length > 0) this.resolver.setServers(servers);
  }

  async check(domain: string): Promise<DomainVerdict> {
    if (!this.enabled) return 'alive';
    const verdict = await this.cache.getOrLoad(
      CacheNamespace.EmailDomain,
      domain,
      () => this.resolve(domain),
      (value) => (value === 'alive' ? ALIVE_SECONDS : value === 'dead' ? DEAD_SECONDS : 0),
    );
    return verdict ?? 'unknown';
  }

  /** Asks DNS, bypassing the cache; the re-check job uses this and then stores what it learnt. */
  async resolve(domain: string): Promise<DomainVerdict> {
    const mx = await this.lookup(() => this.resolver.resolveMx(domain));
    if (mx === 'unknown') return mx;
    if (mx !== 'dead') return mx.every(isNullMx) ? 'dead' : 'alive';
    const [a, aaaa] = await Promise.all([
      this.lookup(() => this.resolver.resolve4(domain)),
      this.lookup(() => this.resolver.resolve6(domain)),
    ]);
    if (Array.isArray(a) || Array.isArray(aaaa)) return 'alive';
    return a === 'unknown' || aaaa === 'unknown' ? 'unknown' : 'dead';
  }

  async remember(domain: string, verdict: DomainVerdict): Promise<void> {
    if (verdict === 'unknown') return;
    await this.cache.set(
      CacheNamespace.EmailDomain,
      domain,
      verdict,
      verdict === 'alive' ? ALIVE_SECONDS : DEAD_SECONDS,
    );
  }

  /** The records found, `dead` when there are none, `unknown` when the resolver failed. */
  private async lookup<T>(query: () => Promise<T[]>): Promise<T[] | 'dead' | 'unknown'> {
    try {
      const records = await query();
      return records.length > 0 ? records : 'dead';
    } catch (error) {
      if (NO_RECORD_CODES.has(errorCode(error))) return 'dead';
      this.logger.warn(`DNS lookup failed: ${errorCode(error)}`);
      return 'unknown';
    }
  }
}
