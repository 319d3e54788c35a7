import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { subscribersApi } from '../api/subscribers.api';
import { useSubscribersStore } from '../stores/subscribers.store';
import SubscriberTable from './SubscriberTable.vue';

vi.mock('../api/subscribers.api', () => ({
  subscribersApi: { list: vi.fn(), get: vi.fn(), create: vi.fn(), update: vi.fn(), remove: vi.fn() },
}));

describe('SubscriberTable', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('invites to add the first subscriber when there are none', async () => {
    vi.mocked(subscribersApi.list).mockResolvedValue({ data: [], meta: { limit: 20, nextCursor: null, total: 0 } });
    const wrapper = mount(SubscriberTable, { props: { fields: [] } });

    await useSubscribersStore().firstPage();
    await flushPromises();

    expect(wrapper.get('[data-testid="subscriber-table-empty"]').text()).toContain('No subscribers yet — add one above');
    expect(wrapper.get('[data-testid="page-next"]').attributes('disabled')).toBeDefined();
  });

  it('lists a page with its position in the total and custom field values by title', async () => {
    vi.mocked(subscribersApi.list).mockResolvedValue({
      data: [
        {
          email: 'ada@example.com',
          name: 'Ada',
          lastName: 'Lovelace',
          status: 'active',
          fields: { vip: true },
          createdAt: '2025-11-21T10:00:00.000Z',
          updatedAt: '2025-11-21T10:00:00.000Z',
        },
      ],
      meta: { limit: 20, nextCursor: 'next', total: 21 },
    });
    const wrapper = mount(SubscriberTable, {
      props: { fields: [{ key: 'vip', title: 'VIP', type: 'boolean', createdAt: '2025-11-21T10:00:00.000Z' }] },
    });

    await useSubscribersStore().firstPage();
    await flushPromises();

    expect(wrapper.findAll('[data-testid="subscriber-row"]')).toHaveLength(1);
    expect(wrapper.get('[data-testid="subscriber-row"]').text()).toContain('VIPYes');
    expect(wrapper.get('[data-testid="page-range"]').text()).toBe('1–1 of 21');
    expect(wrapper.get('[data-testid="page-next"]').attributes('disabled')).toBeUndefined();
  });
});
