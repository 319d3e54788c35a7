import { z } from 'zod';

export const MAX_PAGE_LIMIT = 100;
export const DEFAULT_PAGE_LIMIT = 20;

/** Opaque keyset cursor as sent back in `meta.nextCursor`. */
export const cursorSchema = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by a previous page');

export const pageLimitSchema = z.coerce
  .number()
  .int('must be a whole number')
  .min(1)
  .max(MAX_PAGE_LIMIT)
  .default(DEFAULT_PAGE_LIMIT);

export interface PageMeta {
  limit: number;
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
  /** Number of items matching the filter, or null where counting would need a scan. */
  total: number | null;
}

export interface Page<T> {
  data: T[];
  meta: PageMeta;
}

export interface Envelope<T> {
  data: T;
}
