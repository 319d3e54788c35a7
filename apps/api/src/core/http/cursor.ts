import { ValidationError } from '../errors/validation.error';

type Position = Record<string, string | number>;

/** Keyset cursors are base64url JSON, opaque to clients. */
export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<T extends Position>(cursor: string, isValid: (value: unknown) => value is T): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isValid(value)) return value;
  } catch {
    // fall through to the validation error below
  }
  throw new ValidationError([{ field: 'cursor', message: 'must be a cursor returned by a previous page' }]);
}

/** The position of lists ordered by id alone. */
export const isIdPosition = (value: unknown): value is { id: number } =>
  typeof value === 'object' && value !== null && Number.isSafeInteger((value as { id?: unknown }).id);

/**
 * The position after which a list request starts: none without a cursor, else the decoded cursor. A cursor
 * for another query of the same list (`fits` false) is refused with `mismatch`, naming the cursor.
 */
export function readCursor<T extends Position>(
  cursor: string | undefined,
  isValid: (value: unknown) => value is T,
  guard?: { fits: (position: T) => boolean; mismatch: string },
): T | undefined {
  if (cursor === undefined) return undefined;
  const position = decodeCursor(cursor, isValid);
  if (guard !== undefined && !guard.fits(position)) {
    throw new ValidationError([{ field: 'cursor', message: guard.mismatch }]);
  }
  return position;
}

/**
 * The page tail of a keyset list: repositories fetch `limit + 1` rows, so one more row than the page says
 * another page follows, whose cursor is the position of the page's last row.
 */
export function keysetPage<R>(
  rows: readonly R[],
  limit: number,
  positionOf: (last: R) => Position,
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null;
  return { page, nextCursor };
}
