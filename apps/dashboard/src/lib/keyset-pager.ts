import type { Page, PageMeta } from '@hotpath/contracts';
import { DEFAULT_PAGE_LIMIT } from '@hotpath/contracts';
import { computed, ref, shallowRef } from 'vue';
import { toHttpError, type HttpError } from '../api/http';

/**
 * Next/Previous over a keyset-paginated endpoint. The API only hands out a next cursor, so the pager keeps a
 * stack of the cursors of earlier pages; a slower answer to an older request never overwrites a newer one.
 */
export function useKeysetPager<T>(fetch: (cursor: string | undefined, limit: number) => Promise<Page<T>>) {
  const rows = shallowRef<T[]>([]);
  const meta = shallowRef<PageMeta | null>(null);
  const loading = ref(false);
  const error = shallowRef<HttpError | null>(null);
  const limit = ref(DEFAULT_PAGE_LIMIT);
  /** Cursors of the pages before the current one; the first page's cursor is undefined. */
  const previousCursors = ref<Array<string | undefined>>([]);
  const currentCursor = ref<string | undefined>(undefined);
  let latestRequest = 0;

  const pageIndex = computed(() => previousCursors.value.length);
  const hasNext = computed(() => (meta.value?.nextCursor ?? null) !== null);
  const hasPrevious = computed(() => previousCursors.value.length > 0);
  const total = computed(() => meta.value?.total ?? null);
  const rangeStart = computed(() => (rows.value.length === 0 ? 0 : pageIndex.value * limit.value + 1));
  const rangeEnd = computed(() => (rows.value.length === 0 ? 0 : pageIndex.value * limit.value + rows.value.length));

  /** Loads one page; returns false on failure or when a newer request overtook it. */
  async function fetchPage(cursor: string | undefined): Promise<boolean> {
    const request = ++latestRequest;
    loading.value = true;
    try {
      const page = await fetch(cursor, limit.value);
      if (request !== latestRequest) return false;
      rows.value = page.data;
      meta.value = page.meta;
      currentCursor.value = cursor;
      error.value = null;
      return true;
    } catch (caught) {
      if (request === latestRequest) error.value = toHttpError(caught);
      return false;
    } finally {
      if (request === latestRequest) loading.value = false;
    }
  }

  async function firstPage(): Promise<void> {
    previousCursors.value = [];
    await fetchPage(undefined);
  }

  /**
   * Opens the page a shared link or a reload names. The cursors before it are not known then, so Previous
   * leads back to the first page.
   */
  async function openAt(cursor: string | undefined): Promise<void> {
    if (cursor === undefined) return firstPage();
    if (await fetchPage(cursor)) previousCursors.value = [undefined];
  }

  async function refresh(): Promise<void> {
    await fetchPage(currentCursor.value);
  }

  async function nextPage(): Promise<void> {
    const next = meta.value?.nextCursor ?? null;
    if (next === null || loading.value) return;
    const from = currentCursor.value;
    if (await fetchPage(next)) previousCursors.value = [...previousCursors.value, from];
  }

  async function previousPage(): Promise<void> {
    if (!hasPrevious.value || loading.value) return;
    const stack = previousCursors.value;
    if (await fetchPage(stack[stack.length - 1])) previousCursors.value = stack.slice(0, -1);
  }

  return {
    rows,
    meta,
    loading,
    error,
    limit,
    pageIndex,
    hasNext,
    hasPrevious,
    total,
    rangeStart,
    rangeEnd,
    currentCursor,
    firstPage,
    openAt,
    refresh,
    nextPage,
    previousPage,
  };
}
