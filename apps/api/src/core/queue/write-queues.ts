import type { AppConfig } from '../../config/app-config';
import type { JobPayloads } from './job-payloads';
import { QueueName } from './queue-names';

/** The write-behind queues: acknowledged writes travel through them in batches to MySQL. */
export const WRITE_QUEUES = [
  QueueName.PollVotes,
  QueueName.DeliverabilityEvents,
  QueueName.AnalyticsEvents,
] as const;
export type WriteQueueName = (typeof WRITE_QUEUES)[number];

/** One item of a write queue's batch, typed by the queue. */
export type WriteItem<Q extends WriteQueueName> = JobPayloads[Q]['items'][number];

export const isWriteQueue = (name: string): name is WriteQueueName =>
  (WRITE_QUEUES as readonly string[]).includes(name);

export interface BatchLimits {
  /** A batch is sent once it holds this many items... */
  maxItems: number;
  /** ...or once its first item has waited this long. */
  maxWaitMs: number;
}

/** A deliverability batch is sent once it holds this many domain deltas. */
const DELIVERABILITY_BATCH_MAX_DELTAS = 5000;

/** How each write queue groups items into jobs, from the validated config. */
export function batchLimits(config: AppConfig): Record<WriteQueueName, BatchLimits> {
  return {
    [QueueName.PollVotes]: {
      maxItems: config.get('POLL_BATCH_MAX_BALLOTS'),
      maxWaitMs: config.get('POLL_BATCH_MAX_WAIT_MS'),
    },
    [QueueName.DeliverabilityEvents]: {
      maxItems: DELIVERABILITY_BATCH_MAX_DELTAS,
      maxWaitMs: config.get('DELIVERABILITY_BATCH_MAX_WAIT_MS'),
    },
    [QueueName.AnalyticsEvents]: {
      maxItems: config.get('ANALYTICS_BATCH_MAX_EVENTS'),
      maxWaitMs: config.get('ANALYTICS_BATCH_MAX_WAIT_MS'),
    },
  };
}
