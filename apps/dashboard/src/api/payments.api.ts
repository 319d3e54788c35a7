import type {
  CreatePaymentRequest,
  Envelope,
  ListPaymentsQuery,
  Page,
  Payment,
  PaymentSeries,
  PaymentStatistics,
  PaymentStatisticsQuery,
} from '@hotpath/contracts';
import { http } from './http';

export const paymentsApi = {
  /** `idempotencyKey` makes a retry of the same submission safe: the API pays once per key. */
  async create(request: CreatePaymentRequest, idempotencyKey: string): Promise<Payment> {
    const { data } = await http.post<Envelope<Payment>>('/payments', request, {
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    return data.data;
  },

  async list(query: ListPaymentsQuery): Promise<Page<Payment>> {
    const { data } = await http.get<Page<Payment>>('/payments', { params: query });
    return data;
  },

  async statistics(query: PaymentStatisticsQuery): Promise<PaymentStatistics> {
    const { data } = await http.get<Envelope<PaymentStatistics>>('/payments/statistics', { params: query });
    return data.data;
  },

  async series(query: PaymentStatisticsQuery): Promise<PaymentSeries> {
    const { data } = await http.get<Envelope<PaymentSeries>>('/payments/statistics/series', {
      params: query,
    });
    return data.data;
  },
};
