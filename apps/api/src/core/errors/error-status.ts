import { HttpStatus } from '@nestjs/common';
import type { ApiError } from '@hotpath/contracts';
import { STATUS_CODES } from 'node:http';
import type { DomainError, ErrorCode } from './domain-error';

/** The one mapping from a domain error code to the HTTP status it is answered with. */
export const HTTP_STATUS_BY_CODE = {
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  VALIDATION_FAILED: HttpStatus.UNPROCESSABLE_ENTITY,
  MALFORMED_INPUT: HttpStatus.BAD_REQUEST,
  QUEUE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  QUEUE_FULL: HttpStatus.SERVICE_UNAVAILABLE,
  DATABASE_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  REDIS_UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  PAYMENT_NOT_CONFIRMED: HttpStatus.SERVICE_UNAVAILABLE,
} as const satisfies Record<ErrorCode, HttpStatus>;

/** A 503 without its own figure asks the client to wait this long. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

export interface ErrorAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: ApiError;
}

/** The HTTP answer to a domain error: its status, the one JSON shape, and Retry-After for a 503. */
export function toErrorAnswer(error: DomainError): ErrorAnswer {
  const statusCode: number = HTTP_STATUS_BY_CODE[error.code];
  const body: ApiError = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: error.message };
  if (error.details !== undefined) body.details = error.details;
  const headers: Record<string, string> = {};
  if (statusCode === 503) {
    headers['retry-after'] = String(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
  }
  return { statusCode, headers, body };
}
