import type { Env } from '../../config/env.schema';

/** Every cache namespace; keys are built only by AppCache from these. */
export const CacheNamespace = {
  Subscriber: 'subscriber',
  EmailDomain: 'email-domain',
  Fields: 'fields',
  PollResults: 'poll-results',
  DeliverabilitySummary: 'deliverability-summary',
  DomainCounts: 'domain-counts',
  AnalyticsHour: 'analytics-hour',
  PaymentStatistics: 'payment-statistics',
} as const;
export type CacheNamespace = (typeof CacheNamespace)[keyof typeof CacheNamespace];

/** A fixed duration, or the name of the setting an operator tunes it with (read through AppConfig). */
type TtlSetting = number | keyof Env;

/** How long each namespace's entries live, beside the namespace: the one place that lists every cache TTL. */
export const CacheTtl = {
  [CacheNamespace.Subscriber]: {
    hitSeconds: 'SUBSCRIBER_CACHE_TTL_SECONDS',
    missSeconds: 'SUBSCRIBER_MISS_TTL_SECONDS',
  },
  /** A live domain rarely dies; a dead one is asked again sooner, in case it was a passing DNS fault. */
  [CacheNamespace.EmailDomain]: { aliveSeconds: 86_400, deadSeconds: 3_600 },
  /** Field definitions change only through the API, which invalidates them. */
  [CacheNamespace.Fields]: { seconds: 3_600 },
  [CacheNamespace.PollResults]: {
    /** The most a served result may lag behind the votes; the Redis TTL is what remains after the other tiers. */
    maxAgeSeconds: 'POLL_RESULTS_TTL_SECONDS',
    localMs: 'LOCAL_CACHE_TTL_MS',
    /** Slack for the time between a cache tier's expiry check and the answer being built. */
    ageMarginMs: 100,
    /** Redis TTLs are whole multiples of this: eighths of a second survive the seconds-to-ms round trip exactly. */
    stepMs: 125,
  },
  [CacheNamespace.DeliverabilitySummary]: { seconds: 2 },
  /** Only in each process's memory; Redis holds the counters themselves. */
  [CacheNamespace.DomainCounts]: { localMs: 'DOMAIN_STATUS_LOCAL_TTL_MS' },
  [CacheNamespace.AnalyticsHour]: {
    /** A recent hour read from MySQL (Redis holds no copy yet) may be served again for this long. */
    recentSeconds: 1,
    pastSeconds: 'ANALYTICS_PAST_HOUR_CACHE_SECONDS',
  },
  /** Keys name the second an answer was computed in, so none is served after that second. */
  [CacheNamespace.PaymentStatistics]: { seconds: 2 },
} as const satisfies Record<CacheNamespace, Record<string, TtlSetting>>;
