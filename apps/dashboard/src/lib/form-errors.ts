import type { ApiErrorDetail } from '@hotpath/contracts';
import type { z } from 'zod';
import { toHttpError, type HttpError } from '../api/http';

/** Messages keyed by dotted field path (`email`, `fields.birthday`), one per field. */
export type FieldErrors = Record<string, string>;

/** The outcome of a form submission: the saved value, or what to show under the inputs and above the form. */
export type SubmitResult<T> =
  | { ok: true; value: T }
  | { ok: false; message: string | null; fieldErrors: FieldErrors };

export const ADMIN_TOKEN_MISSING =
  'This action needs the admin token. Set it with the "Admin token" control in the header; it stays in this browser.';

/** The first zod message of each field, like the API reports them. */
export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
    errors[field] ??= issue.message;
  }
  return errors;
}

export function detailsToFieldErrors(details: readonly ApiErrorDetail[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const detail of details) errors[detail.field] ??= detail.message;
  return errors;
}

/** One line for an alert box, with a hint where the user can do something about it. */
export function describeError(error: HttpError): string {
  switch (error.statusCode) {
    case 401:
      return `Unauthorized (401): ${error.message}. Set the admin token in the header.`;
    case 403:
      return 'Forbidden (403): the API rejected the admin token. Check the token set in the header.';
    default:
      return error.message;
  }
}

/**
 * Maps a failed call to what a form shows: field messages from a 422's details (messages about the whole
 * body go to the alert), everything else as the alert.
 */
export function failedSubmit(error: unknown, knownFields: readonly string[] = []): SubmitResult<never> {
  const httpError = toHttpError(error);
  if (httpError.statusCode === 422 && httpError.details !== undefined && httpError.details.length > 0) {
    const all = detailsToFieldErrors(httpError.details);
    const fieldErrors: FieldErrors = {};
    const other: string[] = [];
    for (const [field, message] of Object.entries(all)) {
      if (knownFields.some((known) => field === known || field.startsWith(`${known}.`))) fieldErrors[field] = message;
      else other.push(field === '(body)' ? message : `${field} ${message}`);
    }
    const message =
      other.length > 0 ? `${httpError.message}: ${other.join('; ')}` : 'Please correct the highlighted fields.';
    return { ok: false, message, fieldErrors };
  }
  return { ok: false, message: describeError(httpError), fieldErrors: {} };
}

export function invalid(fieldErrors: FieldErrors, message: string | null = null): SubmitResult<never> {
  return { ok: false, message, fieldErrors };
}
