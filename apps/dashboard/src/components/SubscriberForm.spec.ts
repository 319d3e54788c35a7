import { DEMO_EMAIL_DOMAIN } from '@hotpath/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../api/http';
import { subscribersApi } from '../api/subscribers.api';
import { useFieldsStore } from '../stores/fields.store';
import SubscriberForm from './SubscriberForm.vue';

vi.mock('../api/subscribers.api', () => ({
  subscribersApi: { list: vi.fn(), get: vi.fn(), create: vi.fn(), update: vi.fn(), remove: vi.fn() },
}));

async function fill(wrapper: ReturnType<typeof mount>, email: string): Promise<void> {
  await wrapper.get('[data-testid="input-email"]').setValue(email);
  await wrapper.get('[data-testid="input-name"]').setValue('Ada');
  await wrapper.get('[data-testid="input-lastName"]').setValue('Lovelace');
}

describe('SubscriberForm', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('shows the contract message under the email input and sends nothing', async () => {
    const wrapper = mount(SubscriberForm);
    await fill(wrapper, 'ada-at-example');

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('[data-testid="error-email"]').text()).toBe('must be a valid email address');
    expect(wrapper.get('[data-testid="input-email"]').attributes('aria-invalid')).toBe('true');
    expect(subscribersApi.create).not.toHaveBeenCalled();
  });

  it('renders a type-appropriate input for each custom field', () => {
    useFieldsStore().fields = [
      { key: 'birthday', title: 'Birthday', type: 'date', createdAt: '2025-11-21T10:00:00.000Z' },
      { key: 'vip', title: 'VIP', type: 'boolean', createdAt: '2025-11-21T10:00:00.000Z' },
    ];

    const wrapper = mount(SubscriberForm);

    expect(wrapper.get('#new-field-birthday').attributes('type')).toBe('date');
    expect(wrapper.get('#new-field-vip').attributes('type')).toBe('checkbox');
  });

  it('shows a duplicate reported by the API as an alert and keeps what was typed', async () => {
    vi.mocked(subscribersApi.create).mockRejectedValue(
      new HttpError({ statusCode: 409, error: 'Conflict', message: 'Subscriber already exists' }),
    );
    const wrapper = mount(SubscriberForm);
    await fill(wrapper, 'ada@example.com');

    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(wrapper.get('[data-testid="subscriber-form-alert"]').text()).toContain('Subscriber already exists');
    expect((wrapper.get('[data-testid="input-email"]').element as HTMLInputElement).value).toBe('ada@example.com');
  });

  it('shows an example address whose domain passes the mail check (not example.com, a null MX)', () => {
    const wrapper = mount(SubscriberForm);
    const placeholder = wrapper.get('[data-testid="input-email"]').attributes('placeholder');
    expect(placeholder).toBe(`ada@${DEMO_EMAIL_DOMAIN}`);
    expect(placeholder).not.toContain('example.com');
  });
});
