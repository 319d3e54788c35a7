import { Injectable, Logger } from '@nestjs/common';
import {
  DOMAIN_STATUSES,
  domainStatus,
  type DeliverabilitySummary,
  type DeliveryEvent,
  type DomainCounts,
  type DomainListItem,
  type DomainReport,
  type DomainStatus,
  type ListDomainsParams,
  type Page,
} from '@hotpath/contracts';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { AppCache } from '../../core/cache/app-cache';
import { CacheNamespace, CacheTtl } from '../../core/cache/cache-namespaces';
import { keysetPage, readCursor } from '../../core/http/cursor';
import { DomainCountersRepository } from './domain-counters.repository';
import { eventsToDeltas, mergeDeltas, type DomainDelta } from './domain-deltas';
import { DomainsRepository, type DomainRecord } from './domains.repository';
import { EventQueueRepository } from './event-queue.repository';

const NEVER_SEEN: DomainCounts = { delivered: 0, bounced: 0 };
/** Domains read from MySQL per step of a refill. */
const REFILL_STEP = 5000;

type ListCursor = { status: DomainStatus; since: number; id: number };

const isListCursor = (value: unknown): value is ListCursor => {
  const cursor = value as Partial<Record<keyof ListCursor, unknown>> | null;
  return (
    typeof cursor === 'object' &&
    cursor !== null &&
    DOMAIN_STATUSES.includes(cursor.status as DomainStatus) &&
    Number.isSafeInteger(cursor.since) &&
    Number.isSafeInteger(cursor.id)
  );
};

const toListItem = (record: DomainRecord): DomainListItem => ({
  domain: record.name,
  status: record.status,
  delivered: record.delivered,
  bounced: record.bounced,
  statusSince: new Date(record.statusSince).toISOString(),
});

/**
 * Catch-all detection. Events are summed per domain and queued in batches (the API never writes MySQL); the
 * worker applies each batch exactly once to MySQL and then to the Redis counters, which answer status reads.
 */
@Injectable()
export class DeliverabilityService {
  private readonly logger = new Logger(DeliverabilityService.name);
  private readonly localTtlMs: number;

  constructor(
    private readonly domains: DomainsRepository,
    private readonly counters: DomainCountersRepository,
    private readonly queue: EventQueueRepository,
    private readonly cache: AppCache,
    config: AppConfig,
  ) {
    this.localTtlMs = config.get(CacheTtl[CacheNamespace.DomainCounts].localMs);
  }

  /** Resolves once the events are stored in a queued batch; returns how many were accepted. */
  async record(events: readonly DeliveryEvent[]): Promise<number> {
    const deltas = eventsToDeltas(events);
    const domains = deltas.map(([domain]) => domain);
    await this.queue.enqueue(deltas);
    // This process's next read of these domains asks Redis again (which shows the events once the worker has
    // applied their batch) instead of a copy read before them; other processes may lag by the TTL.
    this.cache.forgetLocal(CacheNamespace.DomainCounts, domains);
    return events.length;
  }

  /**
   * The hot read: this process's memory (at most DOMAIN_STATUS_LOCAL_TTL_MS old), else one HGET. MySQL answers
   * only while Redis is known to miss counters.
   */
  async report(domain: string): Promise<DomainReport> {
    const counts = await this.cache.getOrLoadLocal(
      CacheNamespace.DomainCounts,
      domain,
      () => this.countsOf(domain),
      this.localTtlMs,
    );
    return { domain, status: domainStatus(counts), delivered: counts.delivered, bounced: counts.bounced };
  }

  async list(query: ListDomainsParams): Promise<Page<DomainListItem>> {
    const cursor = readCursor(query.cursor, isListCursor, {
      fits: (position) => position.status === query.status,
      mismatch: 'belongs to another status; start again',
    });
    const records = await this.domains.listByStatus(query.status, query.limit, cursor);
    const { page, nextCursor } = keysetPage(records, query.limit, (last) => ({
      status: query.status,
      since: new Date(last.statusSince).getTime(),
      id: last.id,
    }));
    return { data: page.map(toListItem), meta: { limit: query.limit, nextCursor, total: null } };
  }

  async summary(): Promise<DeliverabilitySummary> {
    const summary = await this.cache.getOrLoad(
      CacheNamespace.DeliverabilitySummary,
      'all',
      async () => {
        const counts = await this.domains.countByStatus();
        const total = DOMAIN_STATUSES.reduce((sum, status) => sum + counts[status], 0);
        return { counts, total, countedAt: new Date().toISOString() };
      },
      () => CacheTtl[CacheNamespace.DeliverabilitySummary].seconds,
    );
    if (summary === null) throw new Error('the deliverability summary could not be loaded');
    return summary;
  }

  /**
   * Applies one queued batch: MySQL first (exactly once, under the batch id), then Redis with the counts MySQL
   * now holds. A batch applied before (the worker died after commit) still refreshes Redis, which only ever
   * moves forwards, so a retry is harmless at every step.
   */
  async applyBatch(batchId: string, items: readonly DomainDelta[]): Promise<boolean> {
    const deltas = mergeDeltas(items);
    const result = await this.domains.applyBatch(batchId, deltas);
    const counts = result.applied
      ? result.counts
      : await this.domains.countsOf(deltas.map(([domain]) => domain));
    await this.counters.merge(counts);
    return result.applied;
  }

  /**
   * Copies every domain's counters from MySQL into Redis, then marks them complete. Safe beside live traffic:
   * Redis keeps the newer of two values. Returns false when Redis was flushed again meanwhile (retry).
   */
  async refillCounters(
    onStep?: (domains: number) => Promise<void>,
  ): Promise<{ domains: number; complete: boolean }> {
    const token = randomUUID();
    await this.counters.beginRefill(token);
    let afterId = 0;
    let domains = 0;
    for (;;) {
      const { lastId, rows } = await this.domains.scan(afterId, REFILL_STEP);
      if (rows.length === 0) break;
      await this.counters.merge(rows);
      domains += rows.length;
      afterId = lastId;
      await onStep?.(domains);
    }
    return { domains, complete: await this.counters.finishRefill(token) };
  }

  private async countsOf(domain: string): Promise<DomainCounts> {
    let cached: DomainCounts | null;
    let complete: boolean;
    try {
      cached = await this.counters.read(domain);
      complete = cached !== null || (await this.counters.isComplete());
    } catch (error) {
      this.logger.warn(`Redis counters unavailable, reading ${domain} from MySQL: ${String(error)}`);
      const record = await this.domains.findByName(domain);
      return record === null ? NEVER_SEEN : { delivered: record.delivered, bounced: record.bounced };
    }
    if (cached !== null) return cached;
    if (complete) return NEVER_SEEN;
    // Redis lost counters (flushed, or restarted empty): MySQL answers and this domain is put back at once;
    // the worker refills the others.
    this.queue
      .requestRefill()
      .catch((error: unknown) => this.logger.warn(`refill request failed: ${String(error)}`));
    const record = await this.domains.findByName(domain);
    if (record === null) return NEVER_SEEN;
    await this.counters.merge([[record.name, record.delivered, record.bounced]]);
    return { delivered: record.delivered, bounced: record.bounced };
  }
}
