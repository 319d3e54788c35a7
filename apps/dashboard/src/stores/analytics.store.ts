import {
  HOUR_MS,
  hourOf,
  hourStart,
  KIND_FIELD,
  recordAnalyticsEventQuerySchema,
  type AnalyticsEvent,
  type AnalyticsEventKind,
  type AnalyticsHour,
  type HourCounts,
} from '@hotpath/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { toHttpError, type HttpError } from '../api/http';
import { analyticsApi } from '../api/analytics.api';
import { usePolling } from '../composables/usePolling';
import {
  describeError,
  detailsToFieldErrors,
  invalid,
  issuesToFieldErrors,
  type FieldErrors,
  type SubmitResult,
} from '../lib/form-errors';

/** How often the current hour, the picked hour and the chart are fetched again. */
export const ANALYTICS_REFRESH_MS = 3000;
/** After a test event the next refresh comes this soon: the worker counts an event within moments. */
export const AFTER_EVENT_REFRESH_MS = 1000;
/** Hours in the chart, ending with the picked hour. */
export const CHART_HOURS = 24;
/** How late a test event may be: up to a year back. */
export const MAX_HOURS_AGO = 366 * 24;

export interface AnalyticsEventDraft {
  user: string;
  kind: AnalyticsEventKind;
  /** 0 for now; more for a late event that many hours back. */
  hoursAgo: number;
}

/** Fields of the draft that the API's checks can name. */
const FORM_FIELDS: Record<string, keyof AnalyticsEventDraft> = {
  user: 'user',
  timestamp: 'hoursAgo',
  [KIND_FIELD]: 'kind',
  click: 'kind',
  impression: 'kind',
};

function toFormErrors(errors: FieldErrors): { fieldErrors: FieldErrors; other: string[] } {
  const fieldErrors: FieldErrors = {};
  const other: string[] = [];
  for (const [field, message] of Object.entries(errors)) {
    const formField = FORM_FIELDS[field];
    if (formField === undefined) other.push(`${field} ${message}`);
    else fieldErrors[formField] ??= message;
  }
  return { fieldErrors, other };
}

/** Analytics: the current hour's figures, a picked hour with the 24 hours up to it, and test events. */
export const useAnalyticsStore = defineStore('analytics', () => {
  const current = shallowRef<HourCounts | null>(null);
  /** Start (epoch ms) of the hour `current` belongs to. */
  const currentStart = ref(hourStart(hourOf(Date.now())));
  /** Start of the picked hour; null follows the current hour. */
  const pickedStart = ref<number | null>(null);
  const picked = shallowRef<HourCounts | null>(null);
  const chart = shallowRef<AnalyticsHour[]>([]);
  const error = shallowRef<HttpError | null>(null);
  /** When the shown figures arrived (epoch ms). */
  const refreshedAt = ref<number | null>(null);

  const shownStart = computed(() => pickedStart.value ?? currentStart.value);
  /** The shown hour is the current one, whose figures the "This hour" tiles already show. */
  const followingCurrent = computed(() => pickedStart.value === null || pickedStart.value === currentStart.value);

  const polling = usePolling(async (isLatest) => {
    const now = Date.now();
    const nowStart = hourStart(hourOf(now));
    const shown = pickedStart.value ?? nowStart;
    try {
      const [currentHour, pickedHour, hours] = await Promise.all([
        analyticsApi.hour(now),
        pickedStart.value === null ? Promise.resolve(null) : analyticsApi.hour(pickedStart.value),
        analyticsApi.hours(shown - (CHART_HOURS - 1) * HOUR_MS, shown),
      ]);
      if (!isLatest()) return;
      currentStart.value = nowStart;
      current.value = currentHour;
      picked.value = pickedHour ?? currentHour;
      chart.value = hours;
      error.value = null;
      refreshedAt.value = Date.now();
    } catch (caught) {
      if (isLatest()) error.value = toHttpError(caught);
    }
  }, ANALYTICS_REFRESH_MS);

  /**
   * Shows the hour containing `timestamp`, or follows the current hour again for null. An hour that has not
   * begun yet has no figures: asking for one follows the current hour.
   */
  async function pickHour(timestamp: number | null, now = Date.now()): Promise<void> {
    const start = timestamp === null ? null : hourStart(hourOf(timestamp));
    pickedStart.value = start === null || start >= hourStart(hourOf(now)) ? null : start;
    picked.value = null;
    await polling.refresh();
  }

  /** Sends a test event (checked with the contract first); the figures refresh shortly after. */
  async function send(draft: AnalyticsEventDraft, now = Date.now()): Promise<SubmitResult<AnalyticsEvent>> {
    const hoursAgoValid =
      Number.isInteger(draft.hoursAgo) && draft.hoursAgo >= 0 && draft.hoursAgo <= MAX_HOURS_AGO;
    const parsed = recordAnalyticsEventQuerySchema.safeParse({
      timestamp: String(now - (hoursAgoValid ? draft.hoursAgo : 0) * HOUR_MS),
      user: draft.user,
      [draft.kind]: '',
    });
    if (!parsed.success || !hoursAgoValid) {
      const { fieldErrors, other } = toFormErrors(
        parsed.success ? {} : issuesToFieldErrors(parsed.error.issues),
      );
      if (!hoursAgoValid)
        fieldErrors['hoursAgo'] = `must be a whole number of hours from 0 to ${MAX_HOURS_AGO}`;
      return invalid(fieldErrors, other.length > 0 ? other.join('; ') : null);
    }
    try {
      await analyticsApi.record(parsed.data);
      polling.refreshSoon(AFTER_EVENT_REFRESH_MS);
      return { ok: true, value: parsed.data };
    } catch (caught) {
      const httpError = toHttpError(caught);
      if (httpError.statusCode === 400 && httpError.details !== undefined) {
        const { fieldErrors, other } = toFormErrors(detailsToFieldErrors(httpError.details));
        return invalid(fieldErrors, other.length > 0 ? `${httpError.message}: ${other.join('; ')}` : null);
      }
      return invalid({}, describeError(httpError));
    }
  }

  return {
    current,
    currentStart,
    pickedStart,
    picked,
    shownStart,
    chart,
    error,
    refreshedAt,
    followingCurrent,
    paused: polling.paused,
    refresh: polling.refresh,
    start: () => polling.start(),
    stop: polling.stop,
    pickHour,
    send,
  };
});
