import type { Field, Page, Subscriber } from '@hotpath/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../api/http';
import { subscribersApi } from '../api/subscribers.api';
import { ADMIN_TOKEN_MISSING } from '../lib/form-errors';
import { useAuthStore } from './auth.store';
import { useFieldsStore } from './fields.store';
import { useSubscribersStore, type SubscriberDraft } from './subscribers.store';

vi.mock('../api/subscribers.api', () => ({
  subscribersApi: { list: vi.fn(), get: vi.fn(), create: vi.fn(), update: vi.fn(), remove: vi.fn() },
}));

const list = vi.mocked(subscribersApi.list);

function subscriber(email: string, overrides: Partial<Subscriber> = {}): Subscriber {
  return {
    email,
    name: 'Ada',
    lastName: 'Lovelace',
    status: 'active',
    fields: {},
    createdAt: '2025-11-21T10:00:00.000Z',
    updatedAt: '2025-11-21T10:00:00.000Z',
    ...overrides,
  };
}

function page(emails: string[], nextCursor: string | null, total: number | null = 5): Page<Subscriber> {
  return { data: emails.map((email) => subscriber(email)), meta: { limit: 2, nextCursor, total } };
}

const FIELDS: Field[] = [
  { key: 'age', title: 'Age', type: 'number', createdAt: '2025-11-21T10:00:00.000Z' },
  { key: 'birthday', title: 'Birthday', type: 'date', createdAt: '2025-11-21T10:00:00.000Z' },
  { key: 'vip', title: 'VIP', type: 'boolean', createdAt: '2025-11-21T10:00:00.000Z' },
];

const draft = (overrides: Partial<SubscriberDraft> = {}): SubscriberDraft => ({
  email: 'ada@example.com',
  name: 'Ada',
  lastName: 'Lovelace',
  status: 'active',
  fields: {},
  ...overrides,
});

describe('subscribers store', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  describe('keyset pagination', () => {
    it('keeps a stack of cursors so Previous returns to the exact earlier page', async () => {
      list
        .mockResolvedValueOnce(page(['e@x.io', 'd@x.io'], 'c1'))
        .mockResolvedValueOnce(page(['c@x.io', 'b@x.io'], 'c2'))
        .mockResolvedValueOnce(page(['a@x.io'], null))
        .mockResolvedValueOnce(page(['c@x.io', 'b@x.io'], 'c2'))
        .mockResolvedValueOnce(page(['e@x.io', 'd@x.io'], 'c1'));
      const store = useSubscribersStore();
      store.limit = 2;

      await store.firstPage();
      expect(store.hasPrevious).toBe(false);
      expect([store.rangeStart, store.rangeEnd, store.total]).toEqual([1, 2, 5]);

      await store.nextPage();
      await store.nextPage();
      expect(store.rows.map((row) => row.email)).toEqual(['a@x.io']);
      expect([store.rangeStart, store.rangeEnd]).toEqual([5, 5]);
      expect(store.hasNext).toBe(false);

      await store.previousPage();
      expect(store.rows.map((row) => row.email)).toEqual(['c@x.io', 'b@x.io']);
      await store.previousPage();
      expect(store.rows.map((row) => row.email)).toEqual(['e@x.io', 'd@x.io']);
      expect(store.hasPrevious).toBe(false);

      expect(list.mock.calls.map(([query]) => query.cursor)).toEqual([undefined, 'c1', 'c2', 'c1', undefined]);
    });

    it('stays on the current page when the next one fails to load', async () => {
      list
        .mockResolvedValueOnce(page(['e@x.io', 'd@x.io'], 'c1'))
        .mockRejectedValueOnce(new HttpError({ statusCode: 502, error: 'Bad Gateway', message: 'The API cannot be reached.' }));
      const store = useSubscribersStore();

      await store.firstPage();
      await store.nextPage();

      expect(store.hasPrevious).toBe(false);
      expect(store.error?.message).toBe('The API cannot be reached.');
      expect(store.rows.map((row) => row.email)).toEqual(['e@x.io', 'd@x.io']);
    });

    it('starts again at the first page when a filter changes, sending only the filters that are set', async () => {
      list
        .mockResolvedValueOnce(page(['e@x.io', 'd@x.io'], 'c1'))
        .mockResolvedValueOnce(page(['c@x.io', 'b@x.io'], 'c2'))
        .mockResolvedValueOnce(page(['b@x.io'], null, null));
      const store = useSubscribersStore();

      await store.firstPage();
      await store.nextPage();
      await store.setFilters({ status: 'bounced', search: '  b@ ' });

      expect(list).toHaveBeenLastCalledWith({ limit: 20, status: 'bounced', search: 'b@' });
      expect(store.hasPrevious).toBe(false);
      expect(store.total).toBeNull();
      expect(store.filtered).toBe(true);
    });
  });

  describe('create', () => {
    it('shows the contract messages under each field and sends nothing', async () => {
      const result = await useSubscribersStore().create(draft({ email: 'not-an-email', name: 'R2D2', lastName: '' }));

      expect(result).toEqual({
        ok: false,
        message: null,
        fieldErrors: {
          email: 'must be a valid email address',
          name: 'may contain only letters, spaces, apostrophes and hyphens',
          lastName: 'is required',
        },
      });
      expect(subscribersApi.create).not.toHaveBeenCalled();
    });

    it('checks custom field values against their type and sends typed values', async () => {
      useFieldsStore().fields = FIELDS;
      vi.mocked(subscribersApi.create).mockResolvedValue(subscriber('ada@example.com'));
      list.mockResolvedValue(page([], null, 0));
      const store = useSubscribersStore();

      const rejected = await store.create(draft({ fields: { age: 'forty', birthday: '2025-02-30' } }));
      expect(rejected.ok === false && rejected.fieldErrors).toEqual({
        'fields.age': 'must be a finite number',
        'fields.birthday': 'must be a real calendar date',
      });

      await store.create(draft({ email: ' Ada@Example.com ', fields: { age: '42', birthday: '', vip: true } }));
      expect(subscribersApi.create).toHaveBeenCalledWith({
        email: 'ada@example.com',
        name: 'Ada',
        lastName: 'Lovelace',
        status: 'active',
        fields: { age: 42, vip: true },
      });
    });

    it('maps a 422 to field messages and a 409 to an alert', async () => {
      vi.mocked(subscribersApi.create)
        .mockRejectedValueOnce(
          new HttpError({
            statusCode: 422,
            error: 'Unprocessable Entity',
            message: 'Validation failed',
            details: [{ field: 'email', message: 'the domain example.invalid cannot receive email' }],
          }),
        )
        .mockRejectedValueOnce(new HttpError({ statusCode: 409, error: 'Conflict', message: 'Subscriber already exists' }));
      const store = useSubscribersStore();

      expect(await store.create(draft())).toEqual({
        ok: false,
        message: 'Please correct the highlighted fields.',
        fieldErrors: { email: 'the domain example.invalid cannot receive email' },
      });
      expect(await store.create(draft())).toEqual({ ok: false, message: 'Subscriber already exists', fieldErrors: {} });
    });
  });

  describe('look-up', () => {
    it('reports found, not found and a malformed email', async () => {
      vi.mocked(subscribersApi.get)
        .mockResolvedValueOnce(subscriber('ada@example.com'))
        .mockRejectedValueOnce(new HttpError({ statusCode: 404, error: 'Not Found', message: 'Subscriber not found' }));
      const store = useSubscribersStore();

      await store.find(' ADA@example.com');
      expect(subscribersApi.get).toHaveBeenCalledWith('ada@example.com');
      expect(store.lookup).toMatchObject({ kind: 'found', subscriber: { email: 'ada@example.com' } });

      await store.find('nobody@example.com');
      expect(store.lookup).toEqual({ kind: 'not-found', email: 'nobody@example.com' });

      await store.find('nobody');
      expect(store.lookup).toEqual({ kind: 'invalid', message: 'Email must be a valid email address' });
      expect(subscribersApi.get).toHaveBeenCalledTimes(2);
    });
  });

  describe('update and delete', () => {
    const original = subscriber('ada@example.com', { fields: { age: 36, vip: true } });

    it('needs the admin token before calling the API', async () => {
      useFieldsStore().fields = FIELDS;
      const store = useSubscribersStore();

      const update = await store.update(original, { name: 'Augusta', lastName: 'Lovelace', status: 'active', fields: {} });
      const removal = await store.remove('ada@example.com');

      expect(update).toEqual({ ok: false, message: ADMIN_TOKEN_MISSING, fieldErrors: {} });
      expect(removal).toEqual({ ok: false, message: ADMIN_TOKEN_MISSING, fieldErrors: {} });
      expect(subscribersApi.update).not.toHaveBeenCalled();
      expect(subscribersApi.remove).not.toHaveBeenCalled();
    });

    it('sends only what changed, with null for a cleared value, and updates the shown row', async () => {
      useAuthStore().setToken('admin-token-0123456789');
      useFieldsStore().fields = FIELDS;
      list.mockResolvedValueOnce({ data: [original], meta: { limit: 20, nextCursor: null, total: 1 } });
      const saved = subscriber('ada@example.com', { status: 'bounced', fields: { vip: false } });
      vi.mocked(subscribersApi.update).mockResolvedValue(saved);
      const store = useSubscribersStore();
      await store.firstPage();

      const result = await store.update(original, {
        name: 'Ada',
        lastName: 'Lovelace',
        status: 'bounced',
        fields: { age: '', birthday: '', vip: false },
      });

      expect(subscribersApi.update).toHaveBeenCalledWith('ada@example.com', {
        status: 'bounced',
        fields: { age: null, vip: false },
      });
      expect(result).toEqual({ ok: true, value: saved });
      expect(store.rows).toEqual([saved]);
    });

    it('says so when nothing changed and shows a rejected token as 403', async () => {
      useAuthStore().setToken('wrong-token-0123456789');
      vi.mocked(subscribersApi.update).mockRejectedValue(
        new HttpError({ statusCode: 403, error: 'Forbidden', message: 'The admin token is not valid' }),
      );
      const store = useSubscribersStore();
      const unchanged = { name: 'Ada', lastName: 'Lovelace', status: 'active' as const, fields: {} };

      expect(await store.update(original, unchanged)).toEqual({
        ok: false,
        message: 'Nothing to save: no value was changed.',
        fieldErrors: {},
      });
      const forbidden = await store.update(original, { ...unchanged, name: 'Augusta' });
      expect(forbidden.ok === false && forbidden.message).toMatch(/^Forbidden \(403\)/);
    });

    it('removes a deleted subscriber from the table and the look-up', async () => {
      useAuthStore().setToken('admin-token-0123456789');
      list
        .mockResolvedValueOnce({ data: [original, subscriber('bob@example.com')], meta: { limit: 20, nextCursor: null, total: 2 } })
        .mockResolvedValueOnce({ data: [subscriber('bob@example.com')], meta: { limit: 20, nextCursor: null, total: 1 } });
      vi.mocked(subscribersApi.get).mockResolvedValue(original);
      vi.mocked(subscribersApi.remove).mockResolvedValue();
      const store = useSubscribersStore();
      await store.firstPage();
      await store.find('ada@example.com');

      expect(await store.remove('ada@example.com')).toEqual({ ok: true, value: undefined });
      expect(store.rows.map((row) => row.email)).toEqual(['bob@example.com']);
      expect(store.lookup).toEqual({ kind: 'idle' });
    });
  });
});
