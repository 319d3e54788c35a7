import type { ApiErrorDetail } from '@hotpath/contracts';
import { DomainError, ErrorCode } from './domain-error';

/** The codes a rejected input may carry: a broken rule by default; an area's contract may choose another. */
export type ValidationCode =
  typeof ErrorCode.ValidationFailed | typeof ErrorCode.MalformedInput | typeof ErrorCode.NotFound;

export interface ValidationFailure {
  /** VALIDATION_FAILED unless an area's contract says otherwise. */
  code?: ValidationCode;
  /** Top-level message; the fields at fault go in `details`. */
  message?: string;
}

/** Input was rejected; `details` lists every field at fault with what is wrong with it. */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';

  constructor(details: ApiErrorDetail[], failure: ValidationFailure = {}) {
    super(failure.code ?? ErrorCode.ValidationFailed, failure.message ?? 'Validation failed', { details });
  }
}
