import { QueueName } from './queue-names';

/** The typed payload of each queue's jobs. */
export interface JobPayloads {
  [QueueName.SubscriberDomainRecheck]: { email: string; domain: string };
}
