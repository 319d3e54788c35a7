import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiError, Field, Subscriber } from '@hotpath/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN } from './support/test-env';
import { resetState, startApi } from './support/test-app';

let api: NestFastifyApplication;

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});
beforeEach(async () => {
  await resetState(api, ['subscriber_field_values', 'subscribers', 'subscriber_status_counts', 'fields']);
});

async function createField(title: string, type: string) {
  return api.inject({ method: 'POST', url: '/fields', headers: ADMIN, payload: { title, type } });
}

describe('custom fields', () => {
  it('creates fields (admin) with a key derived from the title and lists them', async () => {
    const created = await createField('Company Name', 'string');
    expect(created.statusCode).toBe(201);
    expect(created.json<{ data: Field }>().data).toMatchObject({ key: 'company_name', title: 'Company Name', type: 'string' });
    await createField('Birthday', 'date');
    const list = (await api.inject({ method: 'GET', url: '/fields' })).json<{ data: Field[] }>();
    expect(list.data.map((field) => field.key)).toEqual(['company_name', 'birthday']);
  });

  it('answers 401 without the token, 409 for a taken key and 422 for a bad type or title', async () => {
    expect((await api.inject({ method: 'POST', url: '/fields', payload: { title: 'X', type: 'string' } })).statusCode).toBe(401);
    await createField('Company', 'string');
    const duplicate = await createField('company', 'number');
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json<ApiError>().message).toBe('A field with key "company" already exists');
    const badType = await createField('Size', 'color');
    expect(badType.statusCode).toBe(422);
    expect(badType.json<ApiError>().details?.[0]?.field).toBe('type');
    const noLetters = await createField('!!!', 'string');
    expect(noLetters.statusCode).toBe(422);
    expect(noLetters.json<ApiError>().details).toEqual([{ field: 'title', message: 'must contain at least one letter or digit' }]);
  });

  it('stores typed values on a subscriber, returns them, and updates or removes them', async () => {
    await createField('Company', 'string');
    await createField('Birthday', 'date');
    await createField('Orders', 'number');
    await createField('VIP', 'boolean');
    const fields = { company: 'Analytical Engines', birthday: '1815-12-10', orders: 3, vip: true };
    const created = await api.inject({
      method: 'POST',
      url: '/subscribers',
      payload: { email: 'ada@example.com', name: 'Ada', lastName: 'Lovelace', fields },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<{ data: Subscriber }>().data.fields).toEqual(fields);
    const read = (await api.inject({ method: 'GET', url: '/subscribers/ada@example.com' })).json<{ data: Subscriber }>();
    expect(read.data.fields).toEqual(fields);

    const patched = await api.inject({
      method: 'PATCH',
      url: '/subscribers/ada@example.com',
      headers: ADMIN,
      payload: { fields: { orders: 4, vip: null } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json<{ data: Subscriber }>().data.fields).toEqual({ company: 'Analytical Engines', birthday: '1815-12-10', orders: 4 });
  });

  it('answers 422 naming each field whose value does not fit its type, or that does not exist', async () => {
    await createField('Birthday', 'date');
    await createField('Orders', 'number');
    const response = await api.inject({
      method: 'POST',
      url: '/subscribers',
      payload: {
        email: 'ada@example.com',
        name: 'Ada',
        lastName: 'Lovelace',
        fields: { birthday: '2023-02-30', orders: 'many', shoe_size: 42 },
      },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json<ApiError>().details).toEqual([
      { field: 'fields.birthday', message: 'must be a real calendar date (field type date)' },
      { field: 'fields.orders', message: 'must be a finite number (field type number)' },
      { field: 'fields.shoe_size', message: 'is not a known field' },
    ]);
    expect((await api.inject({ method: 'GET', url: '/subscribers/ada@example.com' })).statusCode).toBe(404);
  });
});
