/** Every Bull queue of the system, named once. Each feature registers its own queues in its own module. */
export const QueueName = {
  SubscriberDomainRecheck: 'subscriber-domain-recheck',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
