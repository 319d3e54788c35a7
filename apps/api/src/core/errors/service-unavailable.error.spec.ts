import { describe, expect, it } from 'vitest';
import { asServiceUnavailable, ServiceUnavailableError } from './service-unavailable.error';

describe('asServiceUnavailable', () => {
  it('maps MySQL and Redis outages to a 503 domain error with its code', () => {
    const mysql = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', errno: -111 });
    expect(asServiceUnavailable(mysql)?.code).toBe('DATABASE_UNAVAILABLE');
    const redis = Object.assign(new Error('Reached the max retries per request limit (which is 2).'), {
      name: 'MaxRetriesPerRequestError',
    });
    expect(asServiceUnavailable(redis)?.code).toBe('REDIS_UNAVAILABLE');
    expect(asServiceUnavailable(new Error('Connection is closed.'))?.code).toBe('REDIS_UNAVAILABLE');
    const full = new ServiceUnavailableError('QUEUE_FULL', 2);
    expect(asServiceUnavailable(full)).toBe(full);
    expect(full.retryAfterSeconds).toBe(2);
  });

  it('leaves bugs alone (they stay 500s)', () => {
    expect(asServiceUnavailable(new TypeError('x is undefined'))).toBeNull();
    expect(asServiceUnavailable({ statusCode: 404 })).toBeNull();
  });
});
