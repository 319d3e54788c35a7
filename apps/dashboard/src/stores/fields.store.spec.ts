import type { Field } from '@hotpath/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fieldsApi } from '../api/fields.api';
import { HttpError } from '../api/http';
import { ADMIN_TOKEN_MISSING } from '../lib/form-errors';
import { useAuthStore } from './auth.store';
import { useFieldsStore } from './fields.store';

vi.mock('../api/fields.api', () => ({ fieldsApi: { list: vi.fn(), create: vi.fn() } }));

const birthday: Field = { key: 'birthday', title: 'Birthday', type: 'date', createdAt: '2025-11-21T10:00:00.000Z' };

describe('fields store', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('loads the field list and reports a failed load', async () => {
    vi.mocked(fieldsApi.list).mockResolvedValueOnce([birthday]);
    const store = useFieldsStore();

    await store.load();
    expect(store.fields).toEqual([birthday]);
    expect(store.loaded).toBe(true);

    vi.mocked(fieldsApi.list).mockRejectedValueOnce(
      new HttpError({ statusCode: 0, error: 'Network Error', message: 'The API cannot be reached.' }),
    );
    await store.load();
    expect(store.error?.message).toBe('The API cannot be reached.');
  });

  it('checks the title with the contract before anything is sent', async () => {
    useAuthStore().setToken('admin-token-0123456789');

    const result = await useFieldsStore().create({ title: '   ', type: 'string' });

    expect(result).toEqual({ ok: false, message: null, fieldErrors: { title: 'is required' } });
    expect(fieldsApi.create).not.toHaveBeenCalled();
  });

  it('asks for the admin token instead of calling the API without one', async () => {
    const result = await useFieldsStore().create({ title: 'Birthday', type: 'date' });

    expect(result).toEqual({ ok: false, message: ADMIN_TOKEN_MISSING, fieldErrors: {} });
    expect(fieldsApi.create).not.toHaveBeenCalled();
  });

  it('adds a created field to the list and shows a conflict as an alert', async () => {
    useAuthStore().setToken('admin-token-0123456789');
    vi.mocked(fieldsApi.create)
      .mockResolvedValueOnce(birthday)
      .mockRejectedValueOnce(
        new HttpError({ statusCode: 409, error: 'Conflict', message: 'A field with key "birthday" already exists' }),
      );
    const store = useFieldsStore();

    expect(await store.create({ title: 'Birthday', type: 'date' })).toEqual({ ok: true, value: birthday });
    expect(store.fields.map((field) => field.key)).toEqual(['birthday']);
    expect(await store.create({ title: 'Birthday', type: 'date' })).toEqual({
      ok: false,
      message: 'A field with key "birthday" already exists',
      fieldErrors: {},
    });
  });
});
