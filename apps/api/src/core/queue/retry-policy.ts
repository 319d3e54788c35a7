import type { JobOptions } from 'bull';

/** Name of the capped exponential backoff registered with Bull (see `queueSettings`). */
export const CAPPED_BACKOFF = 'capped-exponential';
/** First retry after a second, doubling, never more than a minute apart. */
export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_DELAY_MS = 60_000;

/** Milliseconds before the next try of a job that has failed `attemptsMade` times. */
export function cappedBackoffMs(attemptsMade: number): number {
  const exponent = Math.min(Math.max(attemptsMade - 1, 0), 30);
  return Math.min(FIRST_RETRY_MS * 2 ** exponent, MAX_RETRY_DELAY_MS);
}

/**
 * Acknowledged writes never expire into loss: their jobs retry for as long as it takes (a MySQL outage of any
 * length), at most a minute apart, and stay in Redis until applied.
 */
export const WRITE_JOB_OPTIONS: JobOptions = {
  attempts: Number.MAX_SAFE_INTEGER,
  backoff: { type: CAPPED_BACKOFF },
  removeOnComplete: true,
  removeOnFail: false,
};

/** Housekeeping and re-check jobs: bounded retries, completed ones removed, failed ones kept (bounded). */
export const DEFAULT_JOB_OPTIONS: JobOptions = {
  removeOnComplete: true,
  removeOnFail: 1000,
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
};

/**
 * A job whose worker dies is handed on after its lock expires; Bull fails a job that stalls more often than
 * this, which would drop an acknowledged write, so the limit is out of reach.
 */
export const MAX_STALLED_COUNT = 1_000_000;
