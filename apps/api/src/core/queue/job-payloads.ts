import { QueueName } from './queue-names';

/** The typed payload of each queue's jobs. */
export interface JobPayloads {
  [QueueName.QueueMaintenance]: { requestedAt: number };
  [QueueName.SubscriberDomainRecheck]: { email: string; domain: string };
  [QueueName.PollVotes]: {
    batchId: string;
    items: Array<{
      ballotId: string;
      pollId: number;
      optionIds: number[];
      voterId: string | null;
      uniqueVoter: boolean;
      castAt: number;
    }>;
  };
  [QueueName.DeliverabilityEvents]: {
    batchId: string;
    items: Array<[domain: string, delivered: number, bounced: number]>;
  };
  [QueueName.DeliverabilityRefill]: { requestedAt: number };
  [QueueName.AnalyticsEvents]: {
    batchId: string;
    items: Array<{ timestamp: number; user: string; kind: 'click' | 'impression' }>;
  };
  [QueueName.PaymentsMaintenance]: { requestedAt: number };
}
