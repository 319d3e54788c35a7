import type { SystemTraffic } from '@hotpath/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { toHttpError, type HttpError } from '../api/http';
import { systemApi } from '../api/system.api';
import { usePolling } from '../composables/usePolling';

/** Minutes of history on the overview's charts. */
export const TRAFFIC_MINUTES = 15;
export const TRAFFIC_REFRESH_MS = 5000;

/**
 * The overview's live traffic: requests, p99 and errors per area, queue depth and write-behind lag, from
 * `GET /system/traffic`. An API without that endpoint (404) is a state of its own, not an error.
 */
export const useTrafficStore = defineStore('traffic', () => {
  const traffic = shallowRef<SystemTraffic | null>(null);
  const error = shallowRef<HttpError | null>(null);
  /** The API answered 404: it has no traffic endpoint (an older build), so there is nothing to chart. */
  const unavailable = ref(false);
  const refreshedAt = ref<number | null>(null);

  const polling = usePolling(async (isLatest) => {
    try {
      const answer = await systemApi.traffic(TRAFFIC_MINUTES);
      if (!isLatest()) return;
      traffic.value = answer;
      error.value = null;
      unavailable.value = false;
      refreshedAt.value = Date.now();
    } catch (caught) {
      if (!isLatest()) return;
      const httpError = toHttpError(caught);
      unavailable.value = httpError.statusCode === 404;
      error.value = unavailable.value ? null : httpError;
      if (unavailable.value) traffic.value = null;
    }
  }, TRAFFIC_REFRESH_MS);

  return {
    traffic,
    error,
    unavailable,
    refreshedAt,
    paused: polling.paused,
    refresh: polling.refresh,
    start: () => polling.start(),
    stop: polling.stop,
  };
});
