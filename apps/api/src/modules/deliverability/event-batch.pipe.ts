import type { PipeTransform } from '@nestjs/common';
import { deliveryEventBatchSchema, type DeliveryEvent } from '@hotpath/contracts';
import { ValidationError } from '../../core/errors/validation.error';
import { issuesToDetails } from '../../core/errors/zod-validation.pipe';

/** Details listed at most (a batch of 10,000 bad events would otherwise answer with a megabyte of them). */
export const MAX_LISTED_DETAILS = 1000;
const MAX_INDEXES_IN_MESSAGE = 20;

/**
 * Validates a whole POST /events batch. Any bad entry rejects the batch (nothing of it is applied) with a 422
 * whose message names the bad indexes and whose details say what is wrong with each, as `<index>.<field>`.
 */
export class EventBatchPipe implements PipeTransform<unknown, DeliveryEvent[]> {
  transform(value: unknown): DeliveryEvent[] {
    const result = deliveryEventBatchSchema.safeParse(value);
    if (result.success) return result.data;
    const indexes = [
      ...new Set(result.error.issues.map((issue) => issue.path[0]).filter((key) => typeof key === 'number')),
    ].sort((a, b) => a - b);
    const details = issuesToDetails(result.error.issues).slice(0, MAX_LISTED_DETAILS);
    if (indexes.length === 0 || !Array.isArray(value)) throw new ValidationError(details);
    const listed = indexes.slice(0, MAX_INDEXES_IN_MESSAGE).join(', ');
    const more =
      indexes.length > MAX_INDEXES_IN_MESSAGE ? ` and ${indexes.length - MAX_INDEXES_IN_MESSAGE} more` : '';
    throw new ValidationError(details, {
      message: `${indexes.length} of ${value.length} events are invalid (index ${listed}${more}); none were applied`,
    });
  }
}
