import { classifyMysqlError } from '../../core/database/mysql-errors';
import { DomainError, ErrorCode } from '../../core/errors/domain-error';

/**
 * A payment could not be confirmed because its batch did not commit (database unavailable, or conflicts
 * that outlasted the retries). Nothing of the batch is stored, unless the commit itself was lost in transit:
 * a retry with the same Idempotency-Key is safe either way. The message tells the client what it may do.
 */
export class PaymentNotConfirmedError extends DomainError {
  override readonly name = 'PaymentNotConfirmedError';

  constructor(cause: unknown) {
    super(
      ErrorCode.PaymentNotConfirmed,
      'Payment not confirmed: the database is unavailable. Retry with the same Idempotency-Key to pay at most once.',
      { retryAfterSeconds: 1, cause },
    );
  }
}

/**
 * True for failures that another attempt of the same batch can get past: a key another instance committed
 * first (a duplicate: the retry finds it and replays it), a deadlock, or a lock wait timeout.
 */
export function isRetryableBatchError(error: unknown): boolean {
  const kind = classifyMysqlError(error);
  return kind === 'duplicate' || kind === 'deadlock';
}
