import { z } from 'zod';
import { cursorSchema, pageLimitSchema } from '../common/pagination';

/** What delivery events say about a domain: whether it accepts mail for any address (a catch-all). */
export const DOMAIN_STATUSES = ['unknown', 'catch-all', 'not catch-all'] as const;
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];

export const EVENT_TYPES = ['delivered', 'bounced'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A domain is a catch-all once it has MORE than this many deliveries and no bounce. */
export const CATCH_ALL_DELIVERED_THRESHOLD = 1000;
/** Events one POST /events may carry. */
export const MAX_EVENTS_PER_REQUEST = 10_000;
export const HOSTNAME_MAX = 253;

export interface DomainCounts {
  delivered: number;
  bounced: number;
}

/**
 * The rule: any bounce proves that some address is refused, so the domain is not a catch-all; without one,
 * more than 1000 deliveries make it a catch-all; anything less (a domain never seen too) is unknown.
 */
export function domainStatus(counts: DomainCounts): DomainStatus {
  if (counts.bounced > 0) return 'not catch-all';
  return counts.delivered > CATCH_ALL_DELIVERED_THRESHOLD ? 'catch-all' : 'unknown';
}

const HOSTNAME_PATTERN = /^[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*$/;
const HOSTNAME_MESSAGE = 'must be a host name: dot-separated labels of 1-63 letters, digits or hyphens';

/** Lower case, without the trailing dot of a fully qualified name: the form in which a domain is stored. */
export function normaliseDomain(raw: string): string {
  const lower = raw.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

export const domainNameSchema = z
  .string({ error: 'is required' })
  .overwrite(normaliseDomain)
  .max(HOSTNAME_MAX, `must be at most ${HOSTNAME_MAX} characters`)
  .regex(HOSTNAME_PATTERN, HOSTNAME_MESSAGE);

export const deliveryEventSchema = z.strictObject({
  domain: domainNameSchema,
  type: z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(', ')}` }),
});
export type DeliveryEvent = z.output<typeof deliveryEventSchema>;

/** The body of POST /events (a JSON array, or NDJSON with one event per line). */
export const deliveryEventBatchSchema = z
  .array(deliveryEventSchema, { error: 'must be an array of {domain, type} events' })
  .min(1, 'must hold at least one event')
  .max(MAX_EVENTS_PER_REQUEST, `must hold at most ${MAX_EVENTS_PER_REQUEST} events`);
export type DeliveryEventBatch = z.input<typeof deliveryEventBatchSchema>;

export interface EventsAccepted {
  accepted: number;
}

/** GET /domains/:domain. Counts lag the events by the worker's batch interval (normally well under a second). */
export interface DomainReport extends DomainCounts {
  domain: string;
  status: DomainStatus;
}

export const listDomainsQuerySchema = z.object({
  status: z.enum(DOMAIN_STATUSES, { error: `must be one of ${DOMAIN_STATUSES.join(', ')}` }),
  limit: pageLimitSchema,
  cursor: cursorSchema.optional(),
});
export type ListDomainsQuery = z.input<typeof listDomainsQuerySchema>;
export type ListDomainsParams = z.output<typeof listDomainsQuerySchema>;

/** One row of GET /domains: latest to enter the status first. */
export interface DomainListItem extends DomainReport {
  /** When the domain entered its current status (first seen, for unknown). */
  statusSince: string;
}

/** GET /deliverability/summary: domains seen, per status. */
export interface DeliverabilitySummary {
  counts: Record<DomainStatus, number>;
  total: number;
  /** When these counts were read; they are cached for a few seconds. */
  countedAt: string;
}
