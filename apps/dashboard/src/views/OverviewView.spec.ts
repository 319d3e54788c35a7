import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../api/http';
import { systemApi } from '../api/system.api';
import OverviewView from './OverviewView.vue';

vi.mock('../api/system.api', () => ({ systemApi: { status: vi.fn() } }));

describe('OverviewView', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.useRealTimers());

  it('shows component states and queue depths', async () => {
    vi.mocked(systemApi.status).mockResolvedValue({
      api: 'up',
      mysql: 'up',
      redis: 'down',
      queues: [
        {
          name: 'subscriber-domain-recheck',
          waiting: 3,
          active: 1,
          delayed: 0,
          failed: 2,
          failedAttempts: 5,
        },
      ],
      uptimeSeconds: 3725,
      checkedAt: '2025-11-21T10:00:00.000Z',
    });
    const wrapper = mount(OverviewView);
    await flushPromises();

    expect(wrapper.get('[data-testid="health-mysql-state"]').text()).toBe('Up');
    expect(wrapper.get('[data-testid="health-redis-state"]').text()).toBe('Down');
    expect(wrapper.get('[data-testid="health-api"]').text()).toContain('Up for 1 h 2 min');
    expect(wrapper.get('[data-testid="queue-subscriber-domain-recheck"]').text()).toMatch(/3\s*1\s*0\s*2/);
    wrapper.unmount();
  });

  it('explains an unreachable API instead of showing a blank page', async () => {
    vi.mocked(systemApi.status).mockRejectedValue(
      new HttpError({
        statusCode: 502,
        error: 'Bad Gateway',
        message: 'The API cannot be reached (HTTP 502 from the proxy).',
      }),
    );
    const wrapper = mount(OverviewView);
    await flushPromises();

    expect(wrapper.get('[data-testid="status-error"]').text()).toContain('The API cannot be reached');
    expect(wrapper.get('[data-testid="health-api-state"]').text()).toBe('Down');
    expect(wrapper.get('[data-testid="health-mysql-state"]').text()).toBe('Unknown');
    wrapper.unmount();
  });
});
