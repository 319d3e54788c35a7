import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { deliverabilityApi } from '../api/deliverability.api';
import { useDeliverabilityStore } from '../stores/deliverability.store';
import DeliverabilityLookup from './DeliverabilityLookup.vue';

vi.mock('../api/deliverability.api', () => ({
  deliverabilityApi: { get: vi.fn(), sendEvents: vi.fn(), list: vi.fn(), summary: vi.fn() },
}));

describe('DeliverabilityLookup', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.resetAllMocks();
  });

  it('shows the status badge and counts of the domain looked up', async () => {
    vi.mocked(deliverabilityApi.get).mockResolvedValue({
      domain: 'example.com',
      status: 'catch-all',
      delivered: 12_345,
      bounced: 0,
    });
    const wrapper = mount(DeliverabilityLookup);
    await wrapper.get('[data-testid="domain-lookup-input"]').setValue('Example.com.');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(deliverabilityApi.get).toHaveBeenCalledWith('example.com');
    expect(wrapper.get('[data-testid="domain-name"]').text()).toBe('example.com');
    expect(wrapper.get('[data-testid="domain-status"]').text()).toBe('Catch-all');
    expect(wrapper.get('[data-testid="domain-delivered"]').text()).toBe('12,345');
    expect(wrapper.get('[data-testid="domain-bounced"]').text()).toBe('0');
    expect(wrapper.find('[data-testid="domain-pending"]').exists()).toBe(false);
  });

  it('says that sent events are still on their way', async () => {
    const wrapper = mount(DeliverabilityLookup);
    useDeliverabilityStore().lookup = {
      kind: 'found',
      report: { domain: 'a.com', status: 'unknown', delivered: 10, bounced: 0 },
      pending: 5,
    };
    await flushPromises();
    expect(wrapper.get('[data-testid="domain-pending"]').text()).toContain('5 events sent from here');
  });

  it('explains a domain that is not a host name without calling the API', async () => {
    const wrapper = mount(DeliverabilityLookup);
    await wrapper.get('[data-testid="domain-lookup-input"]').setValue('no_underscores.com');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="domain-lookup-invalid"]').text()).toMatch(
      /^Domain must be a host name/,
    );
    expect(deliverabilityApi.get).not.toHaveBeenCalled();
  });
});
