import type {
  CreateSubscriberRequest,
  Envelope,
  ListSubscribersQuery,
  Page,
  Subscriber,
  UpdateSubscriberRequest,
} from '@hotpath/contracts';
import { http } from './http';

const path = (email: string): string => `/subscribers/${encodeURIComponent(email)}`;

export const subscribersApi = {
  async list(query: ListSubscribersQuery): Promise<Page<Subscriber>> {
    const { data } = await http.get<Page<Subscriber>>('/subscribers', { params: query });
    return data;
  },

  async get(email: string): Promise<Subscriber> {
    const { data } = await http.get<Envelope<Subscriber>>(path(email));
    return data.data;
  },

  async create(request: CreateSubscriberRequest): Promise<Subscriber> {
    const { data } = await http.post<Envelope<Subscriber>>('/subscribers', request);
    return data.data;
  },

  async update(email: string, request: UpdateSubscriberRequest): Promise<Subscriber> {
    const { data } = await http.patch<Envelope<Subscriber>>(path(email), request);
    return data.data;
  },

  async remove(email: string): Promise<void> {
    await http.delete(path(email));
  },
};
