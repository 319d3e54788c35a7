import type { Subscriber } from '@hotpath/contracts';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAuthStore } from '../stores/auth.store';
import SubscriberCard from './SubscriberCard.vue';

const ada: Subscriber = {
  email: 'ada@mailinator.com',
  name: 'Ada',
  lastName: 'Lovelace',
  status: 'active',
  fields: {},
  createdAt: '2025-11-21T10:00:00.000Z',
  updatedAt: '2025-11-21T10:00:00.000Z',
};

describe('SubscriberCard', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('asks for the admin token only while none is set', async () => {
    const wrapper = mount(SubscriberCard, { props: { subscriber: ada, fields: [] } });
    expect(wrapper.find('[data-testid="subscriber-card-token-hint"]').exists()).toBe(true);

    useAuthStore().setToken('admin-token-0123456789');
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[data-testid="subscriber-card-token-hint"]').exists()).toBe(false);
  });
});
