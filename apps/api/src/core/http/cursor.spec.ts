import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation.error';
import { decodeCursor, encodeCursor, isIdPosition, keysetPage, readCursor } from './cursor';

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

describe('readCursor', () => {
  const isModePosition = (value: unknown): value is { mode: string; id: number } =>
    isIdPosition(value) && typeof (value as { mode?: unknown }).mode === 'string';

  it('starts at the first page without a cursor', () => {
    expect(readCursor(undefined, isIdPosition)).toBeUndefined();
  });

  it('returns the position of a valid cursor that fits the query', () => {
    const guard = { fits: (position: { mode: string }) => position.mode === 'newest', mismatch: 'other' };
    expect(readCursor(encodeCursor({ mode: 'newest', id: 7 }), isModePosition, guard)).toEqual({
      mode: 'newest',
      id: 7,
    });
  });

  it('refuses a cursor of another query with the given message on the cursor field', () => {
    const guard = {
      fits: (position: { mode: string }) => position.mode === 'email',
      mismatch: 'start again',
    };
    try {
      readCursor(encodeCursor({ mode: 'newest', id: 7 }), isModePosition, guard);
      expect.unreachable('the cursor was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details).toEqual([{ field: 'cursor', message: 'start again' }]);
    }
  });
});

describe('keysetPage', () => {
  const rows = [{ id: 9 }, { id: 8 }, { id: 7 }];

  it('cuts the look-ahead row and points the next cursor at the last row shown', () => {
    const { page, nextCursor } = keysetPage(rows, 2, (last) => ({ id: last.id }));
    expect(page).toEqual([{ id: 9 }, { id: 8 }]);
    expect(nextCursor).not.toBeNull();
    expect(decodeCursor(nextCursor ?? '', isIdPosition)).toEqual({ id: 8 });
  });

  it('has no next cursor when no row is left over', () => {
    expect(keysetPage(rows, 3, (last) => ({ id: last.id }))).toEqual({ page: rows, nextCursor: null });
    expect(keysetPage([], 3, (last: { id: number }) => ({ id: last.id }))).toEqual({
      page: [],
      nextCursor: null,
    });
  });
});
