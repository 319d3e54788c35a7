import { describe, expect, it } from 'vitest';
import { cappedBackoffMs, MAX_RETRY_DELAY_MS, WRITE_JOB_OPTIONS } from './retry-policy';

describe('retry policy of write jobs', () => {
  it('doubles from a second and stays at the cap however many attempts failed', () => {
    expect([1, 2, 3, 4].map(cappedBackoffMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(cappedBackoffMs(7)).toBe(MAX_RETRY_DELAY_MS);
    expect(cappedBackoffMs(10_000)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('never runs out of attempts', () => {
    expect(WRITE_JOB_OPTIONS.attempts).toBe(Number.MAX_SAFE_INTEGER);
    expect(WRITE_JOB_OPTIONS.removeOnFail).toBe(false);
  });
});
