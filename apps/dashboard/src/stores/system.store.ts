import type { SystemStatus } from '@hotpath/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { toHttpError, type HttpError } from '../api/http';
import { systemApi } from '../api/system.api';

export const STATUS_REFRESH_MS = 5000;

/** Health of API, MySQL and Redis and the queue depths, refreshed on a timer while the overview is open. */
export const useSystemStore = defineStore('system', () => {
  const status = shallowRef<SystemStatus | null>(null);
  const error = shallowRef<HttpError | null>(null);
  const loading = ref(false);
  const lastCheckedAt = ref<Date | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let polling = false;

  /** True once a check has answered or failed; before that the view shows skeletons. */
  const settled = computed(() => status.value !== null || error.value !== null);

  async function refresh(): Promise<void> {
    loading.value = true;
    try {
      status.value = await systemApi.status();
      error.value = null;
    } catch (caught) {
      error.value = toHttpError(caught);
    } finally {
      loading.value = false;
      lastCheckedAt.value = new Date();
    }
  }

  function scheduleNext(intervalMs: number): void {
    timer = setTimeout(() => {
      void refresh().finally(() => {
        if (polling) scheduleNext(intervalMs);
      });
    }, intervalMs);
  }

  /** Checks now and then every interval; the next check waits for the previous one, so they never pile up. */
  function startPolling(intervalMs = STATUS_REFRESH_MS): void {
    if (polling) return;
    polling = true;
    void refresh().finally(() => {
      if (polling) scheduleNext(intervalMs);
    });
  }

  function stopPolling(): void {
    polling = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  return { status, error, loading, settled, lastCheckedAt, refresh, startPolling, stopPolling };
});
