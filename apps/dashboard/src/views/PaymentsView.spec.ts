import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { HttpError } from '../api/http';
import { paymentsApi } from '../api/payments.api';
import { usePaymentsStore } from '../stores/payments.store';
import PaymentsView from './PaymentsView.vue';

vi.mock('../api/payments.api', () => ({
  paymentsApi: { create: vi.fn(), list: vi.fn(), statistics: vi.fn(), series: vi.fn() },
}));

const down = new HttpError({ statusCode: 502, error: 'Bad Gateway', message: 'The API cannot be reached.' });

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/payments', name: 'payments', component: PaymentsView }],
  });
  await router.push(path);
  const wrapper = mount(PaymentsView, { global: { plugins: [router] } });
  await flushPromises();
  return { wrapper, router };
}

describe('PaymentsView', () => {
  beforeEach(() => {
    vi.resetAllMocks();
    setActivePinia(createPinia());
  });

  it('with the API down: the error, no "Loading…" under it and no empty chart axes', async () => {
    vi.mocked(paymentsApi.statistics).mockRejectedValue(down);
    vi.mocked(paymentsApi.series).mockRejectedValue(down);
    vi.mocked(paymentsApi.list).mockRejectedValue(down);
    const { wrapper } = await mountAt('/payments');

    expect(wrapper.get('[data-testid="payments-error"]').text()).toContain('The API cannot be reached.');
    expect(wrapper.text()).not.toContain('Loading…');
    expect(wrapper.get('[data-testid="payment-tile-total-hint"]').text()).toBe('Unavailable while the API does not answer');
    expect(wrapper.find('[data-testid="payment-chart"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="payment-chart-unavailable"]').text()).toContain('returns when the API answers');
    usePaymentsStore().stop();
    wrapper.unmount();
  });

  it('opens the currency, window and page a URL names', async () => {
    vi.mocked(paymentsApi.statistics).mockRejectedValue(down);
    vi.mocked(paymentsApi.series).mockRejectedValue(down);
    vi.mocked(paymentsApi.list).mockResolvedValue({ data: [], meta: { limit: 10, nextCursor: null, total: null } });
    const { wrapper } = await mountAt('/payments?currency=USD&window=300&cursor=abc');

    expect(paymentsApi.statistics).toHaveBeenCalledWith({ currency: 'USD', window: 300 });
    expect(paymentsApi.list).toHaveBeenCalledWith({ limit: 10, cursor: 'abc' });
    expect((wrapper.get('[data-testid="payment-stats-currency"]').element as HTMLSelectElement).value).toBe('USD');
    usePaymentsStore().stop();
    wrapper.unmount();
  });
});
