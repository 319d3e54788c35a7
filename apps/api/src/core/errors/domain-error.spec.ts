import { describe, expect, it } from 'vitest';
import { ConflictError, DomainError, ErrorCode, NotFoundError } from './domain-error';
import { asDomainError, ServiceUnavailableError } from './service-unavailable.error';
import { ValidationError } from './validation.error';

describe('domain errors', () => {
  it('carry a code and no HTTP status', () => {
    expect(new NotFoundError('Poll not found')).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Poll not found',
    });
    expect(new ConflictError('taken').code).toBe(ErrorCode.Conflict);
    expect(new ValidationError([{ field: 'email', message: 'is required' }])).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Validation failed',
      details: [{ field: 'email', message: 'is required' }],
    });
    expect(new ServiceUnavailableError('QUEUE_FULL')).toBeInstanceOf(DomainError);
    expect(new NotFoundError('x')).not.toHaveProperty('statusCode');
  });

  it('asDomainError keeps domain errors, turns outages into one and leaves bugs alone', () => {
    const conflict = new ConflictError('taken');
    expect(asDomainError(conflict)).toBe(conflict);
    const mysql = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', errno: -111 });
    expect(asDomainError(mysql)?.code).toBe('DATABASE_UNAVAILABLE');
    expect(asDomainError(new TypeError('x is undefined'))).toBeNull();
  });
});
