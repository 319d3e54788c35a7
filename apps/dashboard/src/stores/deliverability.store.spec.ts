import type { DomainReport } from '@hotpath/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deliverabilityApi } from '../api/deliverability.api';
import { HttpError } from '../api/http';
import { FOLLOW_INTERVAL_MS, DOMAINS_PAGE_LIMIT, useDeliverabilityStore } from './deliverability.store';

vi.mock('../api/deliverability.api', () => ({
  deliverabilityApi: { get: vi.fn(), sendEvents: vi.fn(), list: vi.fn(), summary: vi.fn() },
}));

const api = vi.mocked(deliverabilityApi);

const report = (domain: string, delivered: number, bounced = 0): DomainReport => ({
  domain,
  status: bounced > 0 ? 'not catch-all' : delivered > 1000 ? 'catch-all' : 'unknown',
  delivered,
  bounced,
});

describe('deliverability store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.resetAllMocks();
    api.summary.mockResolvedValue({
      counts: { unknown: 1, 'catch-all': 2, 'not catch-all': 3 },
      total: 6,
      countedAt: '2025-11-21T10:00:00.000Z',
    });
    api.list.mockResolvedValue({
      data: [],
      meta: { limit: DOMAINS_PAGE_LIMIT, nextCursor: null, total: null },
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('find', () => {
    it('normalises the domain before asking the API', async () => {
      api.get.mockResolvedValue(report('example.com', 1001));
      const store = useDeliverabilityStore();
      await store.find('  Example.COM. ');
      expect(api.get).toHaveBeenCalledWith('example.com');
      expect(store.lookup).toEqual({ kind: 'found', report: report('example.com', 1001), pending: 0 });
    });

    it('says what is wrong with a domain that is not a host name, without a request', async () => {
      const store = useDeliverabilityStore();
      await store.find('not_a_domain');
      expect(store.lookup.kind).toBe('invalid');
      expect(api.get).not.toHaveBeenCalled();
    });

    it('shows the API error message', async () => {
      api.get.mockRejectedValue(
        new HttpError({ statusCode: 0, error: 'Network Error', message: 'The API cannot be reached.' }),
      );
      const store = useDeliverabilityStore();
      await store.find('example.com');
      expect(store.lookup).toEqual({ kind: 'error', message: 'The API cannot be reached.' });
    });
  });

  describe('send', () => {
    it('sends count events in one batch and follows the domain until the worker applied them', async () => {
      vi.useFakeTimers();
      api.get
        .mockResolvedValueOnce(report('a.com', 10)) // before sending
        .mockResolvedValueOnce(report('a.com', 10)) // not applied yet
        .mockResolvedValueOnce(report('a.com', 13));
      api.sendEvents.mockResolvedValue({ accepted: 3 });
      const store = useDeliverabilityStore();

      const result = await store.send({ domain: 'A.com', type: 'delivered', count: '3' });
      expect(result).toEqual({ ok: true, value: { domain: 'a.com', type: 'delivered', accepted: 3 } });
      expect(api.sendEvents).toHaveBeenCalledWith([
        { domain: 'a.com', type: 'delivered' },
        { domain: 'a.com', type: 'delivered' },
        { domain: 'a.com', type: 'delivered' },
      ]);
      await vi.advanceTimersByTimeAsync(0);
      expect(store.lookup).toMatchObject({ kind: 'found', pending: 3 });
      await vi.advanceTimersByTimeAsync(FOLLOW_INTERVAL_MS);
      expect(store.lookup).toEqual({ kind: 'found', report: report('a.com', 13), pending: 0 });
      await vi.advanceTimersByTimeAsync(0);
      expect(api.summary).toHaveBeenCalled();
      expect(api.list).toHaveBeenCalledWith({ status: 'catch-all', limit: DOMAINS_PAGE_LIMIT });
    });

    it('checks the form like the API would, without sending', async () => {
      const store = useDeliverabilityStore();
      const result = await store.send({ domain: 'bad domain', type: 'bounced', count: 10_001 });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(Object.keys(result.fieldErrors).sort()).toEqual(['count', 'domain']);
      expect(result.fieldErrors['count']).toMatch(/1 to 10,000/);
      expect((await store.send({ domain: 'a.com', type: 'bounced', count: '' })).ok).toBe(false);
      expect(api.sendEvents).not.toHaveBeenCalled();
    });

    it('reports a refused batch as the form message', async () => {
      api.get.mockResolvedValue(report('a.com', 0));
      api.sendEvents.mockRejectedValue(
        new HttpError({
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'The API cannot be reached.',
        }),
      );
      const store = useDeliverabilityStore();
      expect(await store.send({ domain: 'a.com', type: 'bounced', count: 1 })).toEqual({
        ok: false,
        message: 'The API cannot be reached.',
        fieldErrors: {},
      });
    });
  });

  describe('overview', () => {
    it('loads the counts per status and the listed domains, keeping errors apart', async () => {
      api.list.mockRejectedValue(
        new HttpError({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' }),
      );
      const store = useDeliverabilityStore();
      await store.refreshOverview();
      expect(store.summary?.counts['not catch-all']).toBe(3);
      expect(store.summaryError).toBeNull();
      expect(store.domains.error?.statusCode).toBe(500);
      expect(store.overviewLoading).toBe(false);
    });
  });
});
