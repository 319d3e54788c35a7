import { isDatabaseUnavailable } from '../database/mysql-errors';
import { isRedisUnavailable } from '../redis/redis-errors';

/** Why a request could not be served right now; the HTTP edge answers each with 503 and Retry-After. */
export type UnavailableCode =
  /** A write could not be durably queued in Redis within WRITE_ACK_TIMEOUT_MS. */
  | 'QUEUE_UNAVAILABLE'
  /** The write queue holds WRITE_BEHIND_MAX_PENDING jobs: the worker must catch up first. */
  | 'QUEUE_FULL'
  | 'DATABASE_UNAVAILABLE'
  | 'REDIS_UNAVAILABLE';

const MESSAGES: Record<UnavailableCode, string> = {
  QUEUE_UNAVAILABLE: 'Not accepted: the write could not be queued in time. Nothing was stored; retry later.',
  QUEUE_FULL: 'Not accepted: too many writes are waiting to be applied. Nothing was stored; retry later.',
  DATABASE_UNAVAILABLE: 'The database is unavailable; retry later.',
  REDIS_UNAVAILABLE: 'Redis is unavailable; retry later.',
};

/** A domain error: the service cannot answer now but will again. Mapped to HTTP 503 at the edge only. */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';

  constructor(
    readonly code: UnavailableCode,
    readonly retryAfterSeconds = 1,
    cause?: unknown,
  ) {
    super(MESSAGES[code], { cause });
  }
}

/** The error as a ServiceUnavailableError when it means "unavailable, try later"; null for anything else. */
export function asServiceUnavailable(error: unknown): ServiceUnavailableError | null {
  if (error instanceof ServiceUnavailableError) return error;
  if (isDatabaseUnavailable(error)) return new ServiceUnavailableError('DATABASE_UNAVAILABLE', 1, error);
  if (isRedisUnavailable(error)) return new ServiceUnavailableError('REDIS_UNAVAILABLE', 1, error);
  return null;
}
