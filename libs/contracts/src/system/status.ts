export type ComponentState = 'up' | 'down';

export interface QueueDepth {
  name: string;
  waiting: number;
  active: number;
  /** Jobs waiting for a later run; for write queues, batches waiting to be retried after a failure. */
  delayed: number;
  /** Jobs given up on. Write queues retry forever, so theirs stays 0. */
  failed: number;
  /** Failed attempts counted by the workers since the counters were created (each was retried). */
  failedAttempts: number;
}

export interface SystemStatus {
  api: ComponentState;
  mysql: ComponentState;
  redis: ComponentState;
  queues: QueueDepth[];
  uptimeSeconds: number;
  checkedAt: string;
}

/** Whether the queue Redis logs writes to disk (appendonly yes), so acknowledged writes survive its restart. */
export type RedisPersistenceState = 'aof' | 'off' | 'unknown';

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: { mysql: ComponentState; redis: ComponentState; redisPersistence: RedisPersistenceState };
}
