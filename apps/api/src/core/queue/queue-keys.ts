import type { QueueName } from './queue-names';

/** The prefix Bull puts before every key of every queue (`<REDIS_KEY_PREFIX>bull`). */
export function bullPrefix(keyPrefix: string): string {
  return `${keyPrefix}bull`;
}

/** The Redis list holding a queue's waiting jobs: what an autoscaler watches to size the workers. */
export function bullWaitListKey(keyPrefix: string, queue: QueueName): string {
  return `${bullPrefix(keyPrefix)}:${queue}:wait`;
}

/** The stem of every key of one queue: `<stem>:wait`, `<stem>:failed`, `<stem>:<job id>`, ... */
export function bullQueueStem(keyPrefix: string, queue: QueueName): string {
  return `${bullPrefix(keyPrefix)}:${queue}`;
}

/** The sorted set of a queue's delayed jobs; for write queues, the jobs waiting to be retried after a failure. */
export function bullDelayedKey(keyPrefix: string, queue: QueueName): string {
  return `${bullPrefix(keyPrefix)}:${queue}:delayed`;
}

/** A hash counting, per queue, the attempts of jobs that failed (and will be tried again). */
export function failedAttemptsKey(keyPrefix: string): string {
  return `${keyPrefix}queue-failed-attempts`;
}
