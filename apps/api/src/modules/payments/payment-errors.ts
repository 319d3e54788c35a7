/**
 * A payment could not be confirmed because its batch did not commit (database unavailable, or conflicts
 * that outlasted the retries). Nothing of the batch is stored, unless the commit itself was lost in transit:
 * a retry with the same Idempotency-Key is safe either way. Answered 503.
 */
export class PaymentNotConfirmedError extends Error {
  override readonly name = 'PaymentNotConfirmedError';

  constructor(cause: unknown) {
    super(`payment batch not committed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

const RETRYABLE_CODES = new Set(['ER_DUP_ENTRY', 'ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const RETRYABLE_ERRNOS = new Set([1062, 1213, 1205]);

/**
 * True for failures that another attempt of the same batch can get past: a key another instance committed
 * first (ER_DUP_ENTRY: the retry finds it and replays it), a deadlock, or a lock wait timeout.
 */
export function isRetryableBatchError(error: unknown): boolean {
  const candidate = error as {
    code?: string;
    errno?: number;
    driverError?: { code?: string; errno?: number };
  };
  const code = candidate.driverError?.code ?? candidate.code;
  const errno = candidate.driverError?.errno ?? candidate.errno;
  return (
    (code !== undefined && RETRYABLE_CODES.has(code)) || (errno !== undefined && RETRYABLE_ERRNOS.has(errno))
  );
}
