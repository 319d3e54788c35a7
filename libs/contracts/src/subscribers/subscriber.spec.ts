import { describe, expect, it } from 'vitest';
import { createSubscriberSchema, listSubscribersQuerySchema, updateSubscriberSchema } from './subscriber';

const valid = { email: 'ada@example.com', name: 'Ada', lastName: 'Lovelace' };

describe('createSubscriberSchema', () => {
  it('trims and lower-cases the email and fills the defaults', () => {
    expect(createSubscriberSchema.parse({ ...valid, email: '  Ada@Example.COM ' })).toEqual({
      ...valid,
      status: 'unconfirmed',
      fields: {},
    });
  });

  it.each(['José', "O'Brien", 'Zoë Smith-Jones', 'Łukasz', '美玲', 'Ñandú', 'D’Arcy'])(
    'accepts the name %s',
    (name) => {
      expect(createSubscriberSchema.safeParse({ ...valid, name }).success).toBe(true);
    },
  );

  it.each(['', '   ', 'R2D2', 'Ada!', '-Ada', 'a'.repeat(256), 'Robert); DROP TABLE'])(
    'rejects the name %j',
    (name) => {
      expect(createSubscriberSchema.safeParse({ ...valid, name }).success).toBe(false);
    },
  );

  it.each(['ada', 'ada@', '@example.com', 'ada@example', `${'a'.repeat(250)}@example.com`])(
    'rejects the email %j',
    (email) => {
      expect(createSubscriberSchema.safeParse({ ...valid, email }).success).toBe(false);
    },
  );

  it('rejects unknown properties and unknown statuses', () => {
    expect(createSubscriberSchema.safeParse({ ...valid, admin: true }).success).toBe(false);
    expect(createSubscriberSchema.safeParse({ ...valid, status: 'deleted' }).success).toBe(false);
  });
});

describe('updateSubscriberSchema', () => {
  it('needs at least one change and allows null to remove a field value', () => {
    expect(updateSubscriberSchema.safeParse({}).success).toBe(false);
    expect(updateSubscriberSchema.parse({ fields: { vip: null } })).toEqual({ fields: { vip: null } });
  });
});

describe('listSubscribersQuerySchema', () => {
  it('coerces the limit from the query string and bounds it', () => {
    expect(listSubscribersQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(listSubscribersQuerySchema.parse({ limit: '50', search: ' ADA' })).toEqual({
      limit: 50,
      search: 'ada',
    });
    expect(listSubscribersQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(listSubscribersQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
  });
});
