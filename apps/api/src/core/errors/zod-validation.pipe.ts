import type { PipeTransform } from '@nestjs/common';
import type { ApiErrorDetail } from '@hotpath/contracts';
import type { z } from 'zod';
import { ValidationError, type ValidationFailure } from './validation.error';

/** Maps zod issues to `{field, message}` pairs, one per field (the first problem found for it). */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[]): ApiErrorDetail[] {
  const byField = new Map<string, string>();
  for (const issue of issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

/** Parses a body or query with a schema from `@hotpath/contracts`; rejects with every field at fault. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly failure: ValidationFailure = {},
  ) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? {});
    if (!result.success) throw new ValidationError(issuesToDetails(result.error.issues), this.failure);
    return result.data;
  }
}
