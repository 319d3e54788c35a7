import {
  domainNameSchema,
  MAX_EVENTS_PER_REQUEST,
  type DeliverabilitySummary,
  type DomainListItem,
  type DomainReport,
  type DomainStatus,
  type EventType,
} from '@hotpath/contracts';
import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import { toHttpError, type HttpError } from '../api/http';
import { deliverabilityApi } from '../api/deliverability.api';
import { usePolling } from '../composables/usePolling';
import { useKeysetPager } from '../lib/keyset-pager';
import {
  describeError,
  failedSubmit,
  invalid,
  type FieldErrors,
  type SubmitResult,
} from '../lib/form-errors';

export type DomainLookup =
  | { kind: 'idle' }
  | { kind: 'loading'; domain: string }
  /** `pending`: events sent from here that the worker has not applied yet (the counts will catch up). */
  | { kind: 'found'; report: DomainReport; pending: number }
  | { kind: 'invalid'; message: string }
  | { kind: 'error'; message: string };

export interface EventDraft {
  domain: string;
  type: EventType;
  count: number | string;
}

export interface SentEvents {
  domain: string;
  type: EventType;
  accepted: number;
}

export const DOMAINS_PAGE_LIMIT = 10;
/** How often the counts per status and the shown list are read again. */
export const OVERVIEW_REFRESH_MS = 5000;
/** After sending, the domain is read again this often until the worker has applied the events... */
export const FOLLOW_INTERVAL_MS = 300;
/** ...for at most this many reads (the worker normally needs well under a second). */
export const FOLLOW_ATTEMPTS = 40;

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const eventsOf = (report: DomainReport): number => report.delivered + report.bounced;

/** Deliverability: look a domain up, send test events and watch them land, counts per status, latest catch-alls. */
export const useDeliverabilityStore = defineStore('deliverability', () => {
  const lookup = shallowRef<DomainLookup>({ kind: 'idle' });
  /** What the look-up input holds; sending events or clicking a listed domain puts that domain here. */
  const lookupInput = ref('');
  const summary = shallowRef<DeliverabilitySummary | null>(null);
  const summaryError = shallowRef<HttpError | null>(null);
  /** The status whose domains the list pages through, latest to enter it first. */
  const listStatus = ref<DomainStatus>('catch-all');
  const domains = useKeysetPager<DomainListItem>((cursor, limit) =>
    deliverabilityApi.list({ status: listStatus.value, limit, ...(cursor !== undefined ? { cursor } : {}) }),
  );
  domains.limit.value = DOMAINS_PAGE_LIMIT;
  const overviewLoading = ref(false);
  let latestLookup = 0;

  function parseDomain(raw: string): { ok: true; domain: string } | { ok: false; message: string } {
    const parsed = domainNameSchema.safeParse(raw.trim());
    return parsed.success
      ? { ok: true, domain: parsed.data }
      : { ok: false, message: `Domain ${parsed.error.issues[0]?.message ?? 'is not valid'}` };
  }

  async function find(raw: string): Promise<void> {
    const parsed = parseDomain(raw);
    if (!parsed.ok) {
      lookup.value = { kind: 'invalid', message: parsed.message };
      return;
    }
    const request = ++latestLookup;
    lookupInput.value = parsed.domain;
    lookup.value = { kind: 'loading', domain: parsed.domain };
    try {
      const report = await deliverabilityApi.get(parsed.domain);
      if (request === latestLookup) lookup.value = { kind: 'found', report, pending: 0 };
    } catch (caught) {
      if (request === latestLookup)
        lookup.value = { kind: 'error', message: describeError(toHttpError(caught)) };
    }
  }

  async function loadSummary(): Promise<void> {
    try {
      summary.value = await deliverabilityApi.summary();
      summaryError.value = null;
    } catch (caught) {
      summaryError.value = toHttpError(caught);
    }
  }

  async function refreshOverview(): Promise<void> {
    overviewLoading.value = true;
    try {
      await Promise.all([loadSummary(), domains.refresh()]);
    } finally {
      overviewLoading.value = false;
    }
  }

  /** Counts and the shown page, read again while the page is open (and the tab shown). */
  const polling = usePolling(refreshOverview, OVERVIEW_REFRESH_MS);

  /** Lists another status from its first page (or from `cursor`, for a shared link). */
  async function showStatus(status: DomainStatus, cursor?: string): Promise<void> {
    listStatus.value = status;
    await domains.openAt(cursor);
  }

  /**
   * Shows the domain while the worker applies the events just sent: reads it until its events reach
   * `target` (or the attempts run out), then refreshes the per-status counts and the latest catch-alls.
   */
  async function follow(domain: string, target: number): Promise<void> {
    const request = ++latestLookup;
    for (let attempt = 0; attempt < FOLLOW_ATTEMPTS; attempt++) {
      try {
        const report = await deliverabilityApi.get(domain);
        if (request !== latestLookup) return;
        const pending = Math.max(0, target - eventsOf(report));
        lookup.value = { kind: 'found', report, pending };
        if (pending === 0) break;
      } catch (caught) {
        if (request === latestLookup)
          lookup.value = { kind: 'error', message: describeError(toHttpError(caught)) };
        return;
      }
      await wait(FOLLOW_INTERVAL_MS);
    }
    await refreshOverview();
  }

  function validateDraft(
    draft: EventDraft,
  ): { ok: true; domain: string; count: number } | { ok: false; errors: FieldErrors } {
    const errors: FieldErrors = {};
    const parsed = parseDomain(draft.domain);
    const count =
      typeof draft.count === 'number'
        ? draft.count
        : draft.count.trim() === ''
          ? Number.NaN
          : Number(draft.count);
    if (!parsed.ok) errors['domain'] = parsed.message.replace(/^Domain /, '');
    if (!Number.isInteger(count) || count < 1 || count > MAX_EVENTS_PER_REQUEST) {
      errors['count'] = `must be a whole number from 1 to ${MAX_EVENTS_PER_REQUEST.toLocaleString('en-GB')}`;
    }
    return parsed.ok && errors['count'] === undefined
      ? { ok: true, domain: parsed.domain, count }
      : { ok: false, errors };
  }

  /** Sends `count` events of one type for one domain in a single POST /events, then follows the domain. */
  async function send(draft: EventDraft): Promise<SubmitResult<SentEvents>> {
    const checked = validateDraft(draft);
    if (!checked.ok) return invalid(checked.errors);
    const { domain, count } = checked;
    try {
      lookupInput.value = domain;
      const before = eventsOf(await deliverabilityApi.get(domain));
      const { accepted } = await deliverabilityApi.sendEvents(
        Array.from({ length: count }, () => ({ domain, type: draft.type })),
      );
      void follow(domain, before + accepted);
      return { ok: true, value: { domain, type: draft.type, accepted } };
    } catch (caught) {
      return failedSubmit(caught);
    }
  }

  return {
    lookup,
    lookupInput,
    summary,
    summaryError,
    listStatus,
    domains: reactive(domains),
    overviewLoading,
    paused: polling.paused,
    find,
    send,
    follow,
    loadSummary,
    refreshOverview,
    showStatus,
    start: () => polling.start(),
    stop: polling.stop,
  };
});
