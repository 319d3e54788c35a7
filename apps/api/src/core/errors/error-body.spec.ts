import { ConflictException, InternalServerErrorException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from './domain-error';
import { toErrorBody } from './error-body';
import { ValidationError } from './validation.error';

describe('toErrorBody', () => {
  it('keeps the message of a 4xx', () => {
    expect(toErrorBody(new ConflictException('Subscriber already exists'))).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'Subscriber already exists',
    });
    expect(toErrorBody(new NotFoundException())).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers domain errors in the same shape as the HTTP exceptions they replace', () => {
    expect(toErrorBody(new ConflictError('Subscriber already exists'))).toEqual(
      toErrorBody(new ConflictException('Subscriber already exists')),
    );
    expect(JSON.stringify(toErrorBody(new NotFoundError('Poll not found')))).toBe(
      JSON.stringify(toErrorBody(new NotFoundException('Poll not found'))),
    );
  });

  it('carries validation details', () => {
    const body = toErrorBody(new ValidationError([{ field: 'email', message: 'is required' }]));
    expect(body).toEqual({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'Validation failed',
      details: [{ field: 'email', message: 'is required' }],
    });
  });

  it('maps framework client errors by their status code', () => {
    const error = Object.assign(new Error('raw'), {
      statusCode: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    });
    expect(toErrorBody(error)).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'Unsupported content type',
    });
  });

  it('hides the internals of anything else behind an opaque 500', () => {
    expect(toErrorBody(new Error('connect ECONNREFUSED 10.0.0.1:3306'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
    expect(toErrorBody(new InternalServerErrorException('secret detail')).message).toBe(
      'Internal server error',
    );
    expect(toErrorBody(Object.assign(new Error('x'), { statusCode: 503 })).statusCode).toBe(500);
  });
});
