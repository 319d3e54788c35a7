import { describe, expect, it } from 'vitest';
import {
  deliveryEventBatchSchema,
  domainNameSchema,
  domainStatus,
  listDomainsQuerySchema,
  MAX_EVENTS_PER_REQUEST,
  normaliseDomain,
} from './deliverability';

describe('domainStatus', () => {
  it('is unknown for a domain never seen, and up to exactly 1000 deliveries', () => {
    expect(domainStatus({ delivered: 0, bounced: 0 })).toBe('unknown');
    expect(domainStatus({ delivered: 999, bounced: 0 })).toBe('unknown');
    expect(domainStatus({ delivered: 1000, bounced: 0 })).toBe('unknown');
  });

  it('is catch-all from 1001 deliveries without a bounce', () => {
    expect(domainStatus({ delivered: 1001, bounced: 0 })).toBe('catch-all');
    expect(domainStatus({ delivered: 5_000_000, bounced: 0 })).toBe('catch-all');
  });

  it('is not catch-all once there is one bounce, whatever the deliveries', () => {
    expect(domainStatus({ delivered: 0, bounced: 1 })).toBe('not catch-all');
    expect(domainStatus({ delivered: 1000, bounced: 1 })).toBe('not catch-all');
    expect(domainStatus({ delivered: 5000, bounced: 1 })).toBe('not catch-all');
  });
});

describe('domainNameSchema', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['example.com.', 'example.com'],
    ['mail-1.example.co.uk', 'mail-1.example.co.uk'],
    ['localhost', 'localhost'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
  ])('accepts %j as %j', (raw, stored) => {
    expect(domainNameSchema.parse(raw)).toBe(stored);
    expect(normaliseDomain(raw)).toBe(stored);
  });

  it('accepts 253 characters and not 254 (the trailing dot not counted)', () => {
    const name253 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(name253).toHaveLength(253);
    expect(domainNameSchema.safeParse(name253).success).toBe(true);
    expect(domainNameSchema.safeParse(`${name253}.`).success).toBe(true);
    expect(domainNameSchema.safeParse(`${name253}b`).success).toBe(false);
  });

  it.each([
    '',
    '.',
    'a..b',
    '.example.com',
    'exa mple.com',
    'under_score.com',
    'ex@mple.com',
    'café.com',
    `${'a'.repeat(64)}.com`,
    'example.com..',
  ])('rejects %j', (raw) => {
    expect(domainNameSchema.safeParse(raw).success).toBe(false);
  });
});

describe('deliveryEventBatchSchema', () => {
  it('normalises every domain and keeps the order', () => {
    expect(
      deliveryEventBatchSchema.parse([
        { domain: 'A.com.', type: 'delivered' },
        { domain: 'b.com', type: 'bounced' },
      ]),
    ).toEqual([
      { domain: 'a.com', type: 'delivered' },
      { domain: 'b.com', type: 'bounced' },
    ]);
  });

  it('names the index of each bad entry', () => {
    const result = deliveryEventBatchSchema.safeParse([
      { domain: 'ok.com', type: 'delivered' },
      { domain: 'bad_domain', type: 'delivered' },
      { domain: 'ok.com', type: 'opened' },
      { domain: 'ok.com', type: 'bounced', extra: 1 },
    ]);
    expect(result.success).toBe(false);
    expect(new Set(result.error?.issues.map((issue) => issue.path[0]))).toEqual(new Set([1, 2, 3]));
  });

  it('takes 1 to 10,000 events', () => {
    const event = { domain: 'a.com', type: 'delivered' };
    expect(deliveryEventBatchSchema.safeParse([]).success).toBe(false);
    expect(deliveryEventBatchSchema.safeParse(Array(MAX_EVENTS_PER_REQUEST).fill(event)).success).toBe(true);
    expect(deliveryEventBatchSchema.safeParse(Array(MAX_EVENTS_PER_REQUEST + 1).fill(event)).success).toBe(
      false,
    );
    expect(deliveryEventBatchSchema.safeParse({ domain: 'a.com', type: 'delivered' }).success).toBe(false);
  });
});

describe('listDomainsQuerySchema', () => {
  it('needs a known status and defaults the limit', () => {
    expect(listDomainsQuerySchema.parse({ status: 'catch-all' })).toEqual({ status: 'catch-all', limit: 20 });
    expect(listDomainsQuerySchema.safeParse({}).success).toBe(false);
    expect(listDomainsQuerySchema.safeParse({ status: 'catch all' }).success).toBe(false);
  });
});
