import type { ApiError, Envelope, EventsAccepted } from '@hotpath/contracts';
import { describe, expect, it } from 'vitest';
import {
  drained,
  events,
  eventsQueue,
  postEvents,
  postNdjson,
  put,
  report,
  rowCount,
  storedDomains,
  useDeliverabilityApp,
} from './support/deliverability-helpers';
import { api } from './support/spec-app';

useDeliverabilityApp();

describe('PUT /events/:domain/:type', () => {
  it('answers 204 without a body and counts delivered and bounced events', async () => {
    const delivered = await put('example.com', 'delivered');
    expect(delivered.statusCode).toBe(204);
    expect(delivered.body).toBe('');
    expect((await put('example.com', 'bounced')).statusCode).toBe(204);
    expect((await put('example.com', 'delivered')).statusCode).toBe(204);
    await drained(api);
    expect(await report('example.com')).toEqual({
      domain: 'example.com',
      status: 'not catch-all',
      delivered: 2,
      bounced: 1,
    });
  });

  it('normalises the domain: lower case, trailing dot removed', async () => {
    expect((await put('Mail.Example.COM.', 'delivered')).statusCode).toBe(204);
    expect((await put('mail.example.com', 'delivered')).statusCode).toBe(204);
    await drained(api);
    expect([...(await storedDomains(api)).keys()]).toEqual(['mail.example.com']);
    expect((await report('MAIL.example.com.')).delivered).toBe(2);
  });

  it.each(['bad_domain.com', 'a..b', `${'a'.repeat(64)}.com`, 'ex ample.com', 'münchen.de', 'exa$mple.com'])(
    'answers 400 for the host name %j and records nothing',
    async (domain) => {
      const response = await put(domain, 'delivered');
      expect(response.statusCode).toBe(400);
      expect(response.json<ApiError>()).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid domain',
      });
      expect(response.json<ApiError>().details?.[0]?.message).toMatch(/host name/);
    },
  );

  it('accepts a host name of the full 253 characters and refuses 254', async () => {
    const label = 'a'.repeat(63);
    const longest = `${label}.${label}.${label}.${'b'.repeat(61)}`;
    expect(longest).toHaveLength(253);
    expect((await put(longest, 'delivered')).statusCode).toBe(204);
    const tooLong = await put(`${longest}c`, 'delivered');
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json<ApiError>()).toMatchObject({ statusCode: 400, message: 'Invalid domain' });
  });

  it('answers 404 in the one error shape for any other event type', async () => {
    for (const type of ['opened', 'Delivered', 'clicked']) {
      const response = await put('example.com', type);
      expect(response.statusCode).toBe(404);
      expect(response.json<ApiError>()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
    const missingType = await api.inject({ method: 'PUT', url: '/events/example.com' });
    expect(missingType.statusCode).toBe(404);
    expect(await eventsQueue(api).getJobCounts()).toMatchObject({ waiting: 0, active: 0 });
    expect(await rowCount()).toBe(0);
  });
});

describe('POST /events', () => {
  it('accepts a JSON array with 202 and the number accepted', async () => {
    const response = await postEvents([
      ...events('a.example', 'delivered', 3),
      ...events('B.example.', 'bounced', 2),
      { domain: 'a.example', type: 'bounced' },
    ]);
    expect(response.statusCode).toBe(202);
    expect(response.json<Envelope<EventsAccepted>>()).toEqual({ data: { accepted: 6 } });
    await drained(api);
    expect(await report('a.example')).toMatchObject({ delivered: 3, bounced: 1 });
    expect(await report('b.example')).toMatchObject({ delivered: 0, bounced: 2 });
  });

  it('accepts NDJSON, blank lines ignored', async () => {
    const response = await postNdjson([
      '{"domain":"nd.example","type":"delivered"}',
      '',
      '{"domain":"nd.example","type":"delivered"}\r',
      '{"domain":"nd.example","type":"bounced"}',
      '',
    ]);
    expect(response.statusCode).toBe(202);
    expect(response.json<Envelope<EventsAccepted>>().data.accepted).toBe(3);
    await drained(api);
    expect(await report('nd.example')).toMatchObject({ delivered: 2, bounced: 1 });
  });

  it('answers 400 naming the NDJSON line that is not JSON, and 415 for NDJSON anywhere else', async () => {
    const broken = await postNdjson(['{"domain":"nd.example","type":"delivered"}', '{"domain":']);
    expect(broken.statusCode).toBe(400);
    expect(broken.json<ApiError>()).toMatchObject({ statusCode: 400, message: 'Line 2 is not valid JSON' });
    const elsewhere = await postNdjson(['{"email":"a@example.com"}'], '/subscribers');
    expect(elsewhere.statusCode).toBe(415);
    expect(elsewhere.json<ApiError>().statusCode).toBe(415);
    expect(await rowCount()).toBe(0);
  });

  it('answers 422 listing the bad indexes and applies none of the batch', async () => {
    const response = await postEvents([
      { domain: 'ok.example', type: 'delivered' },
      { domain: 'bad_domain', type: 'delivered' },
      { domain: 'ok.example', type: 'delivered' },
      { domain: 'ok.example', type: 'opened' },
      { domain: 'ok.example' },
      'not an event',
    ]);
    expect(response.statusCode).toBe(422);
    const body = response.json<ApiError>();
    expect(body.message).toBe('4 of 6 events are invalid (index 1, 3, 4, 5); none were applied');
    expect(body.details?.map((detail) => detail.field)).toEqual(['1.domain', '3.type', '4.type', '5']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await drained(api);
    expect(await rowCount()).toBe(0);
    expect((await report('ok.example')).delivered).toBe(0);
  });

  it('answers 422 for an empty batch, more than 10,000 events, or a body that is not an array', async () => {
    const tooMany = await postEvents(events('big.example', 'delivered', 10_001));
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json<ApiError>().details).toEqual([
      { field: '(body)', message: 'must hold at most 10000 events' },
    ]);
    expect((await postEvents([])).statusCode).toBe(422);
    expect((await postEvents({ domain: 'a.example', type: 'delivered' })).statusCode).toBe(422);
    const badJson = await api.inject({
      method: 'POST',
      url: '/events',
      headers: { 'content-type': 'application/json' },
      payload: '[{"domain":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(await rowCount()).toBe(0);
  });

  it('takes exactly 10,000 events in one request', async () => {
    const response = await postEvents([
      ...events('max.example', 'delivered', 6000),
      ...events('max.example', 'bounced', 4000),
    ]);
    expect(response.statusCode).toBe(202);
    expect(response.json<Envelope<EventsAccepted>>().data.accepted).toBe(10_000);
    await drained(api);
    expect(await report('max.example')).toMatchObject({ delivered: 6000, bounced: 4000 });
  });
});
