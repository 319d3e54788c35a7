import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiError, Subscriber } from '@hotpath/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TestDnsServer } from './support/dns-server';
import { eventually, resetState, startApi, startWorker } from './support/test-app';

let dns: TestDnsServer;
let api: NestFastifyApplication;
let dnsOverrides: { EMAIL_DOMAIN_CHECK: 'on'; DNS_SERVERS: string; DNS_TIMEOUT_MS: string };

beforeAll(async () => {
  dns = new TestDnsServer();
  const server = await dns.start();
  dnsOverrides = { EMAIL_DOMAIN_CHECK: 'on', DNS_SERVERS: server, DNS_TIMEOUT_MS: '300' };
  api = await startApi(dnsOverrides);
});

afterAll(async () => {
  await api.close();
  await dns.stop();
});

beforeEach(async () => {
  await resetState(api, ['subscriber_field_values', 'subscribers', 'subscriber_status_counts']);
  dns.zones.clear();
  dns.questions.length = 0;
});

const create = (email: string) =>
  api.inject({ method: 'POST', url: '/subscribers', payload: { email, name: 'Ada', lastName: 'Lovelace' } });

describe('the email domain check (loopback DNS server)', () => {
  it('accepts a domain with an MX record, or with only an A or AAAA record', async () => {
    dns.zones.set('mail.test', { kind: 'mx' });
    dns.zones.set('web.test', { kind: 'a' });
    dns.zones.set('six.test', { kind: 'aaaa' });
    expect((await create('a@mail.test')).statusCode).toBe(201);
    expect((await create('b@web.test')).statusCode).toBe(201);
    expect((await create('c@six.test')).statusCode).toBe(201);
  });

  it('answers 422 for a domain that does not exist or has no usable record', async () => {
    dns.zones.set('empty.test', { kind: 'empty' });
    for (const email of ['a@nowhere.test', 'b@empty.test']) {
      const response = await create(email);
      expect(response.statusCode, email).toBe(422);
      expect(response.json<ApiError>().details?.[0]).toMatchObject({ field: 'email' });
    }
  });

  it('answers 422 for a domain that publishes a null MX (RFC 7505), even though it has an A record', async () => {
    dns.zones.set('nomail.test', { kind: 'null-mx' });
    const response = await create('a@nomail.test');
    expect(response.statusCode).toBe(422);
    expect(response.json<ApiError>().details?.[0]).toMatchObject({ field: 'email' });
    expect(dns.questionsFor('nomail.test')).toBe(1);
  });

  it('caches the verdict per domain in Redis, so a second subscriber asks DNS nothing', async () => {
    dns.zones.set('mail.test', { kind: 'mx' });
    await create('a@mail.test');
    const asked = dns.questionsFor('mail.test');
    expect(asked).toBeGreaterThan(0);
    const second = await startApi(dnsOverrides);
    try {
      const response = await second.inject({
        method: 'POST',
        url: '/subscribers',
        payload: { email: 'b@mail.test', name: 'Bea', lastName: 'Lovelace' },
      });
      expect(response.statusCode).toBe(201);
    } finally {
      await second.close();
    }
    expect(dns.questionsFor('mail.test')).toBe(asked);
  });

  it('accepts when the resolver fails, then the re-check job marks the subscriber junk once the domain proves dead', async () => {
    dns.zones.set('flaky.test', { kind: 'silent' });
    const accepted = await create('ada@flaky.test');
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json<{ data: Subscriber }>().data.status).toBe('unconfirmed');

    dns.zones.set('flaky.test', { kind: 'nxdomain' });
    let worker: INestApplicationContext | undefined;
    try {
      worker = await startWorker(dnsOverrides);
      await eventually(async () => {
        const read = await api.inject({ method: 'GET', url: '/subscribers/ada@flaky.test' });
        expect(read.json<{ data: Subscriber }>().data.status).toBe('junk');
      }, 10_000, 100);
    } finally {
      await worker?.close();
    }
  });
});
