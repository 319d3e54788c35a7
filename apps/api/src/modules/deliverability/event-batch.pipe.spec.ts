import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors/validation.error';
import { toErrorBody } from '../../core/errors/error-body';
import { EventBatchPipe, MAX_LISTED_DETAILS } from './event-batch.pipe';

function rejection(value: unknown) {
  try {
    new EventBatchPipe().transform(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return toErrorBody(error);
  }
  throw new Error('the pipe accepted the batch');
}

describe('EventBatchPipe', () => {
  it('passes a valid batch through, normalised', () => {
    expect(new EventBatchPipe().transform([{ domain: 'A.COM.', type: 'bounced' }])).toEqual([
      { domain: 'a.com', type: 'bounced' },
    ]);
  });

  it('names the bad indexes in the message and each problem in the details', () => {
    const body = rejection([
      { domain: 'ok.com', type: 'delivered' },
      { domain: 'no way', type: 'delivered' },
      { domain: 'ok.com', type: 'delivered', extra: true },
    ]);
    expect(body).toMatchObject({
      statusCode: 422,
      message: '2 of 3 events are invalid (index 1, 2); none were applied',
    });
    expect(body.details?.map((detail) => detail.field)).toEqual(['1.domain', '2']);
  });

  it('shortens the list for a batch full of bad events', () => {
    const body = rejection(Array.from({ length: 5000 }, () => ({ domain: '_', type: 'x' })));
    expect(body.message).toBe(
      '5000 of 5000 events are invalid (index 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 and 4980 more); none were applied',
    );
    expect(body.details).toHaveLength(MAX_LISTED_DETAILS);
  });

  it('rejects a body that is not a batch as a whole', () => {
    expect(rejection(undefined)).toMatchObject({
      message: 'Validation failed',
      details: [{ field: '(body)', message: 'must be an array of {domain, type} events' }],
    });
    expect(rejection([]).details).toEqual([{ field: '(body)', message: 'must hold at least one event' }]);
  });
});
