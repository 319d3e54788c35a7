/** Every Bull queue of the system, named once. Each feature registers its own queues in its own module. */
export const QueueName = {
  QueueMaintenance: 'queue-maintenance',
  SubscriberDomainRecheck: 'subscriber-domain-recheck',
  PollVotes: 'poll-votes',
  DeliverabilityEvents: 'deliverability-events',
  DeliverabilityRefill: 'deliverability-refill',
  AnalyticsEvents: 'analytics-events',
  PaymentsMaintenance: 'payments-maintenance',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
