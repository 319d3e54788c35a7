import type { SystemStatus } from '@hotpath/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../api/http';
import { systemApi } from '../api/system.api';
import { useSystemStore } from './system.store';

vi.mock('../api/system.api', () => ({ systemApi: { status: vi.fn() } }));

const healthy: SystemStatus = {
  api: 'up',
  mysql: 'up',
  redis: 'up',
  queues: [
    { name: 'subscriber-domain-recheck', waiting: 2, active: 0, delayed: 1, failed: 0, failedAttempts: 0 },
  ],
  uptimeSeconds: 42,
  checkedAt: '2025-11-21T10:00:00.000Z',
};
const unreachable = new HttpError({
  statusCode: 0,
  error: 'Network Error',
  message: 'The API cannot be reached.',
});

describe('system store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });

  afterEach(() => {
    useSystemStore().stopPolling();
    vi.useRealTimers();
  });

  it('checks at once and then every 5 seconds until stopped', async () => {
    vi.mocked(systemApi.status).mockResolvedValue(healthy);
    const system = useSystemStore();

    system.startPolling();
    await vi.advanceTimersByTimeAsync(0);
    expect(systemApi.status).toHaveBeenCalledTimes(1);
    expect(system.status).toEqual(healthy);

    await vi.advanceTimersByTimeAsync(10_000);
    expect(systemApi.status).toHaveBeenCalledTimes(3);

    system.stopPolling();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(systemApi.status).toHaveBeenCalledTimes(3);
  });

  it('shows an error while the API is unreachable and clears it when the API answers again', async () => {
    vi.mocked(systemApi.status).mockRejectedValueOnce(unreachable).mockResolvedValue(healthy);
    const system = useSystemStore();

    system.startPolling(1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(system.settled).toBe(true);
    expect(system.error?.message).toBe('The API cannot be reached.');

    await vi.advanceTimersByTimeAsync(1000);
    expect(system.error).toBeNull();
    expect(system.status?.mysql).toBe('up');
  });
});
