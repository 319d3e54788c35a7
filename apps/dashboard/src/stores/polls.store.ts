import {
  ballotProblems,
  castVoteSchema,
  createPollSchema,
  type Poll,
  type PollResults,
} from '@hotpath/contracts';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { toHttpError, type HttpError } from '../api/http';
import { pollsApi } from '../api/polls.api';
import { useKeysetPager } from '../lib/keyset-pager';
import { usePolling } from '../composables/usePolling';
import {
  ADMIN_TOKEN_MISSING,
  detailsToFieldErrors,
  failedSubmit,
  invalid,
  issuesToFieldErrors,
  type SubmitResult,
} from '../lib/form-errors';
import { useAuthStore } from './auth.store';

/** How often an open poll's results are fetched again; the API serves them at most 5 s old. */
export const RESULTS_REFRESH_MS = 2000;

/** What the create form holds: one input per option. */
export interface PollDraft {
  question: string;
  options: string[];
  multiple: boolean;
  uniqueVoters: boolean;
}

export interface BallotDraft {
  optionIds: number[];
  voterId: string;
}

/** Polls: the keyset-paged list, creating one (admin), and the open poll with live results and voting. */
export const usePollsStore = defineStore('polls', () => {
  const pager = useKeysetPager<Poll>((cursor, limit) =>
    pollsApi.list({ limit, ...(cursor !== undefined ? { cursor } : {}) }),
  );
  const { rows, meta, loading, error, limit, pageIndex, hasNext, hasPrevious, total, rangeStart, rangeEnd } = pager;
  const { firstPage, openAt, currentCursor, refresh, nextPage, previousPage } = pager;

  const openId = ref<number | null>(null);
  const results = shallowRef<PollResults | null>(null);
  const resultsError = shallowRef<HttpError | null>(null);
  /** When the shown results arrived (epoch ms): their age now is ageSeconds plus the time since. */
  const receivedAt = ref<number | null>(null);

  /** Creates a poll (admin); checked with the contract first, so mistakes never leave the browser. */
  async function create(draft: PollDraft): Promise<SubmitResult<Poll>> {
    const parsed = createPollSchema.safeParse(draft);
    if (!parsed.success) return invalid(issuesToFieldErrors(parsed.error.issues));
    if (!useAuthStore().hasToken) return invalid({}, ADMIN_TOKEN_MISSING);
    try {
      const poll = await pollsApi.create(parsed.data);
      // Newest come first, so a new poll belongs on the first page.
      if (!hasPrevious.value) void refresh();
      return { ok: true, value: poll };
    } catch (caught) {
      return failedSubmit(caught, ['question', 'options', 'multiple', 'uniqueVoters']);
    }
  }

  const polling = usePolling(async (isLatest) => {
    const id = openId.value;
    if (id === null) return;
    try {
      const answer = await pollsApi.results(id);
      if (openId.value !== id || !isLatest()) return;
      results.value = answer;
      receivedAt.value = Date.now();
      resultsError.value = null;
    } catch (caught) {
      if (openId.value === id && isLatest()) resultsError.value = toHttpError(caught);
    }
  }, RESULTS_REFRESH_MS);

  /** Shows a poll and keeps its results fresh until `close`; the next fetch waits for the previous one. */
  function open(id: number): void {
    if (openId.value === id) return;
    close();
    openId.value = id;
    polling.start();
  }

  function close(): void {
    polling.stop();
    openId.value = null;
    results.value = null;
    resultsError.value = null;
    receivedAt.value = null;
  }

  /** Casts a ballot on the open poll; accepted means queued, counted within the results bound. */
  async function vote(draft: BallotDraft): Promise<SubmitResult<PollResults>> {
    const poll = results.value;
    if (poll === null) return invalid({}, 'The poll has not loaded yet.');
    const voterId = draft.voterId.trim();
    const parsed = castVoteSchema.safeParse({ optionIds: draft.optionIds, ...(voterId !== '' ? { voterId } : {}) });
    if (!parsed.success) return invalid(issuesToFieldErrors(parsed.error.issues));
    // The API's own rules for this poll, from the shared contract.
    const problems = ballotProblems(poll, parsed.data);
    if (problems.length > 0) return invalid(detailsToFieldErrors(problems));
    try {
      return { ok: true, value: await pollsApi.vote(poll.id, parsed.data) };
    } catch (caught) {
      return failedSubmit(caught, ['optionIds', 'voterId']);
    }
  }

  return {
    rows,
    meta,
    loading,
    error,
    limit,
    pageIndex,
    hasNext,
    hasPrevious,
    total,
    rangeStart,
    rangeEnd,
    firstPage,
    openAt,
    currentCursor,
    refresh,
    nextPage,
    previousPage,
    create,
    openId,
    results,
    resultsError,
    receivedAt,
    loadResults: polling.refresh,
    paused: polling.paused,
    open,
    close,
    vote,
  };
});
