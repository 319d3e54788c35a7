import { HttpException } from '@nestjs/common';
import type { ApiError, ApiErrorDetail } from '@hotpath/contracts';
import { STATUS_CODES } from 'node:http';
import { DomainError } from './domain-error';
import { toErrorAnswer } from './error-status';

interface ErrorWithStatus {
  statusCode: number;
  message: string;
}

function hasClientStatus(error: unknown): error is ErrorWithStatus {
  const candidate = error as Partial<ErrorWithStatus> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.statusCode === 'number' &&
    candidate.statusCode >= 400 &&
    candidate.statusCode < 500 &&
    typeof candidate.message === 'string'
  );
}

/** Plain-language messages for the framework's own request errors (bad JSON, wrong content type, ...). */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'Body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Body is empty but the content type is JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Body is too large',
};

/**
 * Turns anything thrown while serving a request into the one error shape. Domain errors and 4xx keep their
 * message and details; everything else becomes an opaque 500 (the caller logs the original).
 */
export function toErrorBody(error: unknown): ApiError {
  if (error instanceof DomainError) return toErrorAnswer(error).body;
  if (error instanceof HttpException) {
    const statusCode = error.getStatus();
    const response = error.getResponse();
    const body: ApiError = {
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      message: error.message,
    };
    if (typeof response === 'string') {
      body.message = response;
    } else if (typeof response === 'object' && response !== null) {
      const { message, details } = response as { message?: unknown; details?: ApiErrorDetail[] };
      if (typeof message === 'string') body.message = message;
      else if (Array.isArray(message)) body.message = message.join('; ');
      if (Array.isArray(details)) body.details = details;
    }
    if (statusCode >= 500) body.message = 'Internal server error';
    return body;
  }
  if (hasClientStatus(error)) {
    const code = (error as { code?: string }).code;
    return {
      statusCode: error.statusCode,
      error: STATUS_CODES[error.statusCode] ?? 'Error',
      message: (code !== undefined ? FRAMEWORK_MESSAGES[code] : undefined) ?? error.message,
    };
  }
  return {
    statusCode: 500,
    error: STATUS_CODES[500] ?? 'Internal Server Error',
    message: 'Internal server error',
  };
}
