import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SystemTraffic } from '@hotpath/contracts';
import { HttpError } from '../api/http';
import { systemApi } from '../api/system.api';
import OverviewView from './OverviewView.vue';

vi.mock('../api/system.api', () => ({ systemApi: { status: vi.fn(), traffic: vi.fn() } }));

const notFound = new HttpError({ statusCode: 404, error: 'Not Found', message: 'Route GET:/system/traffic not found' });
const traffic: SystemTraffic = {
  stepSeconds: 10,
  from: '2026-01-01T10:00:00.000Z',
  to: '2026-01-01T10:00:10.000Z',
  areas: [{ area: 'polls', points: [{ at: '2026-01-01T10:00:00.000Z', requests: 120, errors: 0, p99Ms: 9 }] }],
  queues: [{ queue: 'poll-votes', points: [{ at: '2026-01-01T10:00:00.000Z', waiting: 4, failed: 0, oldestWaitingSeconds: 0.5 }] }],
};
// Charts draw on a canvas, which happy-dom lacks; their data is checked through the props they get.
const stubs = { TrafficChart: true };

describe('OverviewView', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.mocked(systemApi.traffic).mockRejectedValue(notFound);
  });
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
    const wrapper = mount(OverviewView, { global: { stubs } });
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
    const wrapper = mount(OverviewView, { global: { stubs } });
    await flushPromises();

    expect(wrapper.get('[data-testid="status-error"]').text()).toContain('The API cannot be reached');
    expect(wrapper.get('[data-testid="health-api-state"]').text()).toBe('Down');
    expect(wrapper.get('[data-testid="health-mysql-state"]').text()).toBe('Unknown');
    wrapper.unmount();
  });

  it('links failed jobs to the queue board', async () => {
    vi.mocked(systemApi.status).mockResolvedValue({
      api: 'up',
      mysql: 'up',
      redis: 'up',
      queues: [
        { name: 'poll-votes', waiting: 0, active: 0, delayed: 0, failed: 17, failedAttempts: 17 },
        { name: 'payments-maintenance', waiting: 0, active: 0, delayed: 0, failed: 0, failedAttempts: 0 },
      ],
      uptimeSeconds: 5,
      checkedAt: '2025-11-21T10:00:00.000Z',
    });
    const wrapper = mount(OverviewView, { global: { stubs } });
    await flushPromises();

    expect(wrapper.get('[data-testid="queue-poll-votes-failed"]').attributes('href')).toBe('/admin/queues');
    expect(wrapper.find('[data-testid="queue-payments-maintenance-failed"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="queue-board-link"]').text()).toBe('Inspect 17 failed on the queue board →');
    wrapper.unmount();
  });

  it('shows a "no traffic data" state when the API has no traffic endpoint (404)', async () => {
    vi.mocked(systemApi.status).mockRejectedValue(notFound);
    const wrapper = mount(OverviewView, { global: { stubs } });
    await flushPromises();

    expect(wrapper.get('[data-testid="traffic-unavailable"]').text()).toContain('No traffic data');
    expect(wrapper.find('[data-testid="traffic-error"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('charts requests per second, p99, errors, queue depth and lag from GET /system/traffic', async () => {
    vi.mocked(systemApi.status).mockRejectedValue(notFound);
    vi.mocked(systemApi.traffic).mockResolvedValue(traffic);
    const wrapper = mount(OverviewView, { global: { stubs } });
    await flushPromises();

    expect(systemApi.traffic).toHaveBeenCalledWith(15);
    const charts = wrapper.findAllComponents({ name: 'TrafficChart' });
    expect(charts.map((chart) => chart.props('testId') as unknown)).toEqual([
      'traffic-requests',
      'traffic-p99',
      'traffic-errors',
      'traffic-queue-depth',
      'traffic-queue-lag',
    ]);
    expect(charts[0]?.props('series')).toEqual([{ label: 'polls', values: [12] }]);
    expect(charts[4]?.props('series')).toEqual([{ label: 'poll-votes', values: [0.5] }]);
    wrapper.unmount();
  });
});
