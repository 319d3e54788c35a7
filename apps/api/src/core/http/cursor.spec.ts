import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation.error';
import { decodeCursor, encodeCursor } from './cursor';

const isIdPosition = (value: unknown): value is { id: number } =>
  typeof value === 'object' && value !== null && Number.isSafeInteger((value as { id?: unknown }).id);

describe('keyset cursors', () => {
  it('round-trips a position', () => {
    expect(decodeCursor(encodeCursor({ id: 42 }), isIdPosition)).toEqual({ id: 42 });
  });

  it('rejects a cursor that is not one of ours with a 422 naming the cursor', () => {
    for (const cursor of ['nonsense', encodeCursor({ id: 'x' }), Buffer.from('[1]').toString('base64url')]) {
      expect(() => decodeCursor(cursor, isIdPosition)).toThrow(ValidationError);
    }
  });
});
