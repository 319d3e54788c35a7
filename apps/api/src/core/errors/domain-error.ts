import type { ApiErrorDetail } from '@hotpath/contracts';

/** What went wrong, in the domain's words. Only the HTTP edge (error-status.ts) turns a code into a status. */
export const ErrorCode = {
  /** The thing asked for does not exist. */
  NotFound: 'NOT_FOUND',
  /** The request contradicts what is stored (a duplicate, a second vote). */
  Conflict: 'CONFLICT',
  /** The input is well formed but breaks a rule; `details` names the fields at fault. */
  ValidationFailed: 'VALIDATION_FAILED',
  /** The input is not in the expected format at all (an area's contract may ask for this instead). */
  MalformedInput: 'MALFORMED_INPUT',
  /** A write could not be durably queued in Redis within WRITE_ACK_TIMEOUT_MS. */
  QueueUnavailable: 'QUEUE_UNAVAILABLE',
  /** The write queue holds WRITE_BEHIND_MAX_PENDING jobs: the worker must catch up first. */
  QueueFull: 'QUEUE_FULL',
  DatabaseUnavailable: 'DATABASE_UNAVAILABLE',
  RedisUnavailable: 'REDIS_UNAVAILABLE',
  /** A payment's batch did not commit; a retry with the same Idempotency-Key is safe. */
  PaymentNotConfirmed: 'PAYMENT_NOT_CONFIRMED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface DomainErrorOptions {
  details?: ApiErrorDetail[];
  /** Seconds after which a retry may succeed; only meaningful for the "unavailable" codes. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * An error services and workers throw: a code, a message a client may read, and the fields at fault.
 * It knows nothing of HTTP; anything else thrown is a bug and answered as an opaque 500.
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  readonly details: ApiErrorDetail[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError';

  constructor(message: string) {
    super(ErrorCode.NotFound, message);
  }
}

export class ConflictError extends DomainError {
  override readonly name = 'ConflictError';

  constructor(message: string) {
    super(ErrorCode.Conflict, message);
  }
}
