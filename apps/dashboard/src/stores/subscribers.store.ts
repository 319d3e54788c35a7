import {
  createSubscriberSchema,
  emailSchema,
  updateSubscriberSchema,
  type Subscriber,
  type SubscriberStatus,
  type UpdateSubscriberRequest,
} from '@hotpath/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { toHttpError } from '../api/http';
import { subscribersApi } from '../api/subscribers.api';
import { useKeysetPager } from '../lib/keyset-pager';
import { collectFieldChanges, collectFieldValues, type FieldDraft } from '../lib/field-values';
import {
  ADMIN_TOKEN_MISSING,
  describeError,
  failedSubmit,
  invalid,
  issuesToFieldErrors,
  type SubmitResult,
} from '../lib/form-errors';
import { useAuthStore } from './auth.store';
import { useFieldsStore } from './fields.store';

/** What the add form holds; custom field inputs are drafts keyed by field key. */
export interface SubscriberDraft {
  email: string;
  name: string;
  lastName: string;
  status: SubscriberStatus;
  fields: Record<string, FieldDraft>;
}

export type SubscriberEditDraft = Omit<SubscriberDraft, 'email'>;

export interface SubscriberFilters {
  status: SubscriberStatus | null;
  search: string;
}

export type LookupState =
  | { kind: 'idle' }
  | { kind: 'loading'; email: string }
  | { kind: 'found'; subscriber: Subscriber }
  | { kind: 'not-found'; email: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'error'; message: string };

const FORM_FIELDS = ['email', 'name', 'lastName', 'status', 'fields'] as const;
/** Page sizes the table offers. */
export const PAGE_SIZES = [10, 20, 50, 100] as const;

/** Subscribers: the keyset-paged table with its filters, the look-up, and add / edit / delete. */
export const useSubscribersStore = defineStore('subscribers', () => {
  const filters = ref<SubscriberFilters>({ status: null, search: '' });
  const pager = useKeysetPager<Subscriber>((cursor, limit) => {
    const search = filters.value.search.trim();
    return subscribersApi.list({
      limit,
      ...(cursor !== undefined ? { cursor } : {}),
      ...(filters.value.status !== null ? { status: filters.value.status } : {}),
      ...(search !== '' ? { search } : {}),
    });
  });
  const { rows, meta, loading, error, limit, pageIndex, hasNext, hasPrevious, total, rangeStart, rangeEnd } = pager;
  const { firstPage, openAt, currentCursor, refresh, nextPage, previousPage } = pager;
  const lookup = shallowRef<LookupState>({ kind: 'idle' });
  const filtered = computed(() => filters.value.status !== null || filters.value.search.trim() !== '');

  /** A new filter or page size starts again at the first page: cursors belong to the query that made them. */
  async function setFilters(next: Partial<SubscriberFilters>): Promise<void> {
    filters.value = { ...filters.value, ...next };
    await firstPage();
  }

  async function setLimit(next: number): Promise<void> {
    limit.value = next;
    await firstPage();
  }

  /** Shows the view a URL names: its filters, page size and page, in one request. */
  async function restore(view: SubscriberFilters & { limit?: number; cursor?: string }): Promise<void> {
    filters.value = { status: view.status, search: view.search };
    if (view.limit !== undefined) limit.value = view.limit;
    await openAt(view.cursor);
  }

  function replaceEverywhere(subscriber: Subscriber): void {
    rows.value = rows.value.map((row) => (row.email === subscriber.email ? subscriber : row));
    const shown = lookup.value;
    if (shown.kind === 'found' && shown.subscriber.email === subscriber.email) {
      lookup.value = { kind: 'found', subscriber };
    }
  }

  async function create(draft: SubscriberDraft): Promise<SubmitResult<Subscriber>> {
    const { values, errors: valueErrors } = collectFieldValues(useFieldsStore().fields, draft.fields);
    const parsed = createSubscriberSchema.safeParse({
      email: draft.email,
      name: draft.name,
      lastName: draft.lastName,
      status: draft.status,
      fields: values,
    });
    const fieldErrors = { ...(parsed.success ? {} : issuesToFieldErrors(parsed.error.issues)), ...valueErrors };
    if (!parsed.success || Object.keys(fieldErrors).length > 0) return invalid(fieldErrors);
    try {
      const subscriber = await subscribersApi.create(parsed.data);
      // Newest come first, so a new subscriber belongs on the first page.
      if (!hasPrevious.value) void refresh();
      return { ok: true, value: subscriber };
    } catch (caught) {
      return failedSubmit(caught, FORM_FIELDS);
    }
  }

  async function find(email: string): Promise<void> {
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) {
      lookup.value = { kind: 'invalid', message: `Email ${parsed.error.issues[0]?.message ?? 'is not valid'}` };
      return;
    }
    lookup.value = { kind: 'loading', email: parsed.data };
    try {
      lookup.value = { kind: 'found', subscriber: await subscribersApi.get(parsed.data) };
    } catch (caught) {
      const httpError = toHttpError(caught);
      lookup.value =
        httpError.statusCode === 404
          ? { kind: 'not-found', email: parsed.data }
          : { kind: 'error', message: describeError(httpError) };
    }
  }

  function clearLookup(): void {
    lookup.value = { kind: 'idle' };
  }

  /** Sends only what changed; admin only. */
  async function update(original: Subscriber, draft: SubscriberEditDraft): Promise<SubmitResult<Subscriber>> {
    const { changes: fieldChanges, errors: valueErrors } = collectFieldChanges(
      useFieldsStore().fields,
      original.fields,
      draft.fields,
    );
    const request: UpdateSubscriberRequest = {};
    if (draft.name.trim() !== original.name) request.name = draft.name;
    if (draft.lastName.trim() !== original.lastName) request.lastName = draft.lastName;
    if (draft.status !== original.status) request.status = draft.status;
    if (Object.keys(fieldChanges).length > 0) request.fields = fieldChanges;
    const parsed = updateSubscriberSchema.safeParse(request);
    if (!parsed.success) {
      const { '(body)': bodyError, ...fieldErrors } = issuesToFieldErrors(parsed.error.issues);
      const onlyUnchanged = bodyError !== undefined && Object.keys(valueErrors).length === 0;
      return invalid({ ...fieldErrors, ...valueErrors }, onlyUnchanged ? 'Nothing to save: no value was changed.' : null);
    }
    if (Object.keys(valueErrors).length > 0) return invalid(valueErrors);
    if (!useAuthStore().hasToken) return invalid({}, ADMIN_TOKEN_MISSING);
    try {
      const subscriber = await subscribersApi.update(original.email, parsed.data);
      replaceEverywhere(subscriber);
      return { ok: true, value: subscriber };
    } catch (caught) {
      return failedSubmit(caught, FORM_FIELDS);
    }
  }

  async function remove(email: string): Promise<SubmitResult<void>> {
    if (!useAuthStore().hasToken) return invalid({}, ADMIN_TOKEN_MISSING);
    try {
      await subscribersApi.remove(email);
    } catch (caught) {
      return failedSubmit(caught);
    }
    const shown = lookup.value;
    if (shown.kind === 'found' && shown.subscriber.email === email) lookup.value = { kind: 'idle' };
    rows.value = rows.value.filter((row) => row.email !== email);
    void refresh();
    return { ok: true, value: undefined };
  }

  return {
    rows,
    meta,
    loading,
    error,
    filters,
    limit,
    lookup,
    pageIndex,
    hasNext,
    hasPrevious,
    total,
    rangeStart,
    rangeEnd,
    filtered,
    currentCursor,
    firstPage,
    refresh,
    nextPage,
    previousPage,
    setFilters,
    setLimit,
    restore,
    create,
    find,
    clearLookup,
    update,
    remove,
  };
});
