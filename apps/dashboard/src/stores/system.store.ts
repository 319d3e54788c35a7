import type { SystemStatus } from '@hotpath/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { toHttpError, type HttpError } from '../api/http';
import { systemApi } from '../api/system.api';
import { usePolling } from '../composables/usePolling';

export const STATUS_REFRESH_MS = 5000;

/** Health of API, MySQL and Redis and the queue depths, refreshed on a timer while the overview is open. */
export const useSystemStore = defineStore('system', () => {
  const status = shallowRef<SystemStatus | null>(null);
  const error = shallowRef<HttpError | null>(null);
  const loading = ref(false);
  const lastCheckedAt = ref<Date | null>(null);

  /** True once a check has answered or failed; before that the view shows skeletons. */
  const settled = computed(() => status.value !== null || error.value !== null);

  const polling = usePolling(async (isLatest) => {
    loading.value = true;
    try {
      const answer = await systemApi.status();
      if (!isLatest()) return;
      status.value = answer;
      error.value = null;
    } catch (caught) {
      if (isLatest()) error.value = toHttpError(caught);
    } finally {
      if (isLatest()) {
        loading.value = false;
        lastCheckedAt.value = new Date();
      }
    }
  }, STATUS_REFRESH_MS);

  /** Checks now and then every interval; the next check waits for the previous one, so they never pile up. */
  function startPolling(intervalMs = STATUS_REFRESH_MS): void {
    polling.start(intervalMs);
  }

  return {
    status,
    error,
    loading,
    settled,
    lastCheckedAt,
    refresh: polling.refresh,
    startPolling,
    stopPolling: polling.stop,
  };
});
