import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from './domain-error';
import { HTTP_STATUS_BY_CODE, toErrorAnswer } from './error-status';
import { ServiceUnavailableError } from './service-unavailable.error';
import { ValidationError } from './validation.error';

describe('toErrorAnswer', () => {
  it.each([
    [ErrorCode.NotFound, 404, 'Not Found'],
    [ErrorCode.Conflict, 409, 'Conflict'],
    [ErrorCode.ValidationFailed, 422, 'Unprocessable Entity'],
    [ErrorCode.MalformedInput, 400, 'Bad Request'],
    [ErrorCode.QueueUnavailable, 503, 'Service Unavailable'],
    [ErrorCode.QueueFull, 503, 'Service Unavailable'],
    [ErrorCode.DatabaseUnavailable, 503, 'Service Unavailable'],
    [ErrorCode.RedisUnavailable, 503, 'Service Unavailable'],
    [ErrorCode.PaymentNotConfirmed, 503, 'Service Unavailable'],
  ])('answers %s with %i %s', (code, statusCode, error) => {
    const answer = toErrorAnswer(new DomainError(code, 'why'));
    expect(answer.statusCode).toBe(statusCode);
    expect(answer.body).toEqual({ statusCode, error, message: 'why' });
  });

  it('covers every code', () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('asks for Retry-After on 503s only, with the error own figure', () => {
    expect(toErrorAnswer(new ServiceUnavailableError('QUEUE_FULL', 2)).headers).toEqual({
      'retry-after': '2',
    });
    expect(toErrorAnswer(new DomainError(ErrorCode.PaymentNotConfirmed, 'x')).headers).toEqual({
      'retry-after': '1',
    });
    expect(toErrorAnswer(new DomainError(ErrorCode.NotFound, 'x')).headers).toEqual({});
  });

  it('keeps the key order of the one JSON shape, details last', () => {
    const answer = toErrorAnswer(
      new ValidationError([{ field: 'cursor', message: 'is bad' }], {
        code: ErrorCode.MalformedInput,
        message: 'Wrong format',
      }),
    );
    expect(JSON.stringify(answer.body)).toBe(
      '{"statusCode":400,"error":"Bad Request","message":"Wrong format","details":[{"field":"cursor","message":"is bad"}]}',
    );
  });
});
