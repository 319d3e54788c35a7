/** Every cache namespace with its TTLs; keys are built only by AppCache from these. */
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
