import { isDatabaseUnavailable } from '../database/mysql-errors';
import { isRedisUnavailable } from '../redis/redis-errors';
import { DomainError, ErrorCode } from './domain-error';

/** Why a request could not be served right now; the HTTP edge answers each with 503 and Retry-After. */
export type UnavailableCode =
  | typeof ErrorCode.QueueUnavailable
  | typeof ErrorCode.QueueFull
  | typeof ErrorCode.DatabaseUnavailable
  | typeof ErrorCode.RedisUnavailable;

const MESSAGES: Record<UnavailableCode, string> = {
  QUEUE_UNAVAILABLE:
    'Not accepted: the write could not be queued in time; retry later (a retry may, rarely, store it twice).',
  QUEUE_FULL: 'Not accepted: too many writes are waiting to be applied. Nothing was stored; retry later.',
  DATABASE_UNAVAILABLE: 'The database is unavailable; retry later.',
  REDIS_UNAVAILABLE: 'Redis is unavailable; retry later.',
};

/** A domain error: the service cannot answer now but will again. */
export class ServiceUnavailableError extends DomainError {
  override readonly name = 'ServiceUnavailableError';
  declare readonly code: UnavailableCode;
  declare readonly retryAfterSeconds: number;

  constructor(code: UnavailableCode, retryAfterSeconds = 1, cause?: unknown) {
    super(code, MESSAGES[code], { retryAfterSeconds, cause });
  }
}

/** The error as a ServiceUnavailableError when it means "unavailable, try later"; null for anything else. */
export function asServiceUnavailable(error: unknown): ServiceUnavailableError | null {
  if (error instanceof ServiceUnavailableError) return error;
  if (isDatabaseUnavailable(error)) return new ServiceUnavailableError('DATABASE_UNAVAILABLE', 1, error);
  if (isRedisUnavailable(error)) return new ServiceUnavailableError('REDIS_UNAVAILABLE', 1, error);
  return null;
}

/** The error as a DomainError (an outage of MySQL or Redis becomes one); null for anything else. */
export function asDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  return asServiceUnavailable(error);
}
