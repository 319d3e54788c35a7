import type {
  DeliverabilitySummary,
  DeliveryEventBatch,
  DomainListItem,
  DomainReport,
  Envelope,
  EventsAccepted,
  ListDomainsQuery,
  Page,
} from '@hotpath/contracts';
import { http } from './http';

export const deliverabilityApi = {
  async get(domain: string): Promise<DomainReport> {
    const { data } = await http.get<Envelope<DomainReport>>(`/domains/${encodeURIComponent(domain)}`);
    return data.data;
  },

  /** Resolves once the events are queued (202); counts include them once the worker has applied the batch. */
  async sendEvents(events: DeliveryEventBatch): Promise<EventsAccepted> {
    const { data } = await http.post<Envelope<EventsAccepted>>('/events', events);
    return data.data;
  },

  async list(query: ListDomainsQuery): Promise<Page<DomainListItem>> {
    const { data } = await http.get<Page<DomainListItem>>('/domains', { params: query });
    return data;
  },

  async summary(): Promise<DeliverabilitySummary> {
    const { data } = await http.get<Envelope<DeliverabilitySummary>>('/deliverability/summary');
    return data.data;
  },
};
