import type { QueueName } from './queue-names';

/**
 * The prefix Bull puts before every key of one queue: `<REDIS_KEY_PREFIX>bull:{<queue>}`. The braces are a
 * Redis Cluster hash tag: all keys of a queue hash to one slot (Bull's Lua scripts touch several at once),
 * while different queues hash to different slots and so spread over the masters. A single Redis ignores them.
 */
export function bullPrefix(keyPrefix: string, queue: QueueName): string {
  return `${keyPrefix}bull:{${queue}}`;
}

/** The Redis list holding a queue's waiting jobs: what an autoscaler watches to size the workers. */
export function bullWaitListKey(keyPrefix: string, queue: QueueName): string {
  return `${bullPrefix(keyPrefix, queue)}:${queue}:wait`;
}

/** The stem of every key of one queue: `<stem>:wait`, `<stem>:failed`, `<stem>:<job id>`, ... */
export function bullQueueStem(keyPrefix: string, queue: QueueName): string {
  return `${bullPrefix(keyPrefix, queue)}:${queue}`;
}

/** The sorted set of a queue's delayed jobs; for write queues, the jobs waiting to be retried after a failure. */
export function bullDelayedKey(keyPrefix: string, queue: QueueName): string {
  return `${bullPrefix(keyPrefix, queue)}:${queue}:delayed`;
}

/** A hash counting, per queue, the attempts of jobs that failed (and will be tried again). */
export function failedAttemptsKey(keyPrefix: string): string {
  return `${keyPrefix}queue-failed-attempts`;
}
