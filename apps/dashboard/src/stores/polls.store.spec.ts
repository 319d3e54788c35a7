import type { Page, Poll, PollResults } from '@hotpath/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../api/http';
import { pollsApi } from '../api/polls.api';
import { ADMIN_TOKEN_MISSING } from '../lib/form-errors';
import { useAuthStore } from './auth.store';
import { RESULTS_REFRESH_MS, usePollsStore } from './polls.store';

vi.mock('../api/polls.api', () => ({
  pollsApi: { list: vi.fn(), results: vi.fn(), create: vi.fn(), vote: vi.fn() },
}));

function poll(id: number, overrides: Partial<Poll> = {}): Poll {
  return {
    id,
    question: `Poll ${id}?`,
    multiple: false,
    uniqueVoters: false,
    options: [
      { id: id * 10, label: 'Yes' },
      { id: id * 10 + 1, label: 'No' },
    ],
    ballots: 0,
    createdAt: '2025-11-21T10:00:00.000Z',
    ...overrides,
  };
}

function results(id: number, ballots: number, overrides: Partial<PollResults> = {}): PollResults {
  return {
    id,
    question: `Poll ${id}?`,
    multiple: false,
    uniqueVoters: false,
    options: [
      { id: id * 10, label: 'Yes', votes: ballots },
      { id: id * 10 + 1, label: 'No', votes: 0 },
    ],
    ballots,
    resultsAsOf: '2025-11-21T10:00:00.000Z',
    ageSeconds: 1.5,
    ...overrides,
  };
}

const page = (ids: number[], nextCursor: string | null): Page<Poll> => ({
  data: ids.map((id) => poll(id)),
  meta: { limit: 2, nextCursor, total: 3 },
});

describe('polls store', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    localStorage.clear();
    setActivePinia(createPinia());
  });

  afterEach(() => {
    usePollsStore().close();
    vi.useRealTimers();
  });

  it('pages by keyset cursor and goes back to the exact earlier page', async () => {
    vi.mocked(pollsApi.list)
      .mockResolvedValueOnce(page([3, 2], 'c1'))
      .mockResolvedValueOnce(page([1], null))
      .mockResolvedValueOnce(page([3, 2], 'c1'));
    const store = usePollsStore();
    store.limit = 2;

    await store.firstPage();
    await store.nextPage();
    expect(store.rows.map((row) => row.id)).toEqual([1]);
    expect([store.rangeStart, store.rangeEnd, store.total, store.hasNext]).toEqual([3, 3, 3, false]);
    expect(pollsApi.list).toHaveBeenLastCalledWith({ limit: 2, cursor: 'c1' });

    await store.previousPage();
    expect(store.rows.map((row) => row.id)).toEqual([3, 2]);
    expect(store.hasPrevious).toBe(false);
    expect(pollsApi.list).toHaveBeenLastCalledWith({ limit: 2 });
  });

  describe('create', () => {
    const draft = { question: 'Tea or coffee?', options: ['Tea', 'Coffee'], multiple: false, uniqueVoters: false };

    it('checks the draft with the contract and sends nothing when it is wrong', async () => {
      useAuthStore().setToken('admin-token-0123456789');
      const result = await usePollsStore().create({ ...draft, options: ['Tea', ' tea', ''] });
      expect(result).toEqual({
        ok: false,
        message: null,
        fieldErrors: { 'options.2': 'must not be empty', options: 'must be distinct; repeated: tea' },
      });
      expect(pollsApi.create).not.toHaveBeenCalled();
    });

    it('needs the admin token', async () => {
      expect(await usePollsStore().create(draft)).toEqual({ ok: false, message: ADMIN_TOKEN_MISSING, fieldErrors: {} });
      expect(pollsApi.create).not.toHaveBeenCalled();
    });

    it('creates the poll and reloads the first page, where it belongs', async () => {
      useAuthStore().setToken('admin-token-0123456789');
      vi.mocked(pollsApi.create).mockResolvedValue(poll(4, { question: 'Tea or coffee?' }));
      vi.mocked(pollsApi.list).mockResolvedValue(page([4, 3], 'c1'));
      const store = usePollsStore();

      const result = await store.create(draft);
      expect(result).toMatchObject({ ok: true, value: { id: 4 } });
      expect(pollsApi.create).toHaveBeenCalledWith({ ...draft });
      await vi.waitFor(() => expect(store.rows.map((row) => row.id)).toEqual([4, 3]));
    });
  });

  describe('the open poll', () => {
    it('loads the results at once and then every few seconds until closed', async () => {
      vi.useFakeTimers();
      vi.mocked(pollsApi.results).mockResolvedValueOnce(results(7, 1)).mockResolvedValue(results(7, 2));
      const store = usePollsStore();

      store.open(7);
      await vi.advanceTimersByTimeAsync(0);
      expect(store.results?.ballots).toBe(1);
      expect(store.receivedAt).toBe(Date.now());

      await vi.advanceTimersByTimeAsync(RESULTS_REFRESH_MS);
      expect(store.results?.ballots).toBe(2);
      expect(pollsApi.results).toHaveBeenCalledTimes(2);

      store.close();
      await vi.advanceTimersByTimeAsync(RESULTS_REFRESH_MS * 3);
      expect(pollsApi.results).toHaveBeenCalledTimes(2);
      expect(store.results).toBeNull();
    });

    it('ignores a late answer about a poll that is no longer open', async () => {
      let answerFirst: (value: PollResults) => void = () => undefined;
      vi.mocked(pollsApi.results)
        .mockReturnValueOnce(new Promise((resolve) => (answerFirst = resolve)))
        .mockResolvedValueOnce(results(8, 5));
      const store = usePollsStore();

      store.open(7);
      store.open(8);
      await vi.waitFor(() => expect(store.results?.id).toBe(8));
      answerFirst(results(7, 1));
      await Promise.resolve();
      expect(store.results?.id).toBe(8);
    });

    it('shows a 404 as an error of the open poll', async () => {
      vi.mocked(pollsApi.results).mockRejectedValue(new HttpError({ statusCode: 404, error: 'Not Found', message: 'Poll not found' }));
      const store = usePollsStore();
      store.open(99);
      await vi.waitFor(() => expect(store.resultsError?.statusCode).toBe(404));
    });
  });

  describe('vote', () => {
    async function opened(answer: PollResults) {
      vi.mocked(pollsApi.results).mockResolvedValue(answer);
      const store = usePollsStore();
      store.open(answer.id);
      await vi.waitFor(() => expect(store.results).not.toBeNull());
      return store;
    }

    it('sends the picked options, and the voter id only when one was typed', async () => {
      vi.mocked(pollsApi.vote).mockResolvedValue(results(7, 3));
      const store = await opened(results(7, 3, { multiple: true }));
      expect(await store.vote({ optionIds: [70, 71], voterId: '  ' })).toMatchObject({ ok: true });
      expect(pollsApi.vote).toHaveBeenCalledWith(7, { optionIds: [70, 71] });
      await store.vote({ optionIds: [71], voterId: ' ada ' });
      expect(pollsApi.vote).toHaveBeenLastCalledWith(7, { optionIds: [71], voterId: 'ada' });
    });

    it('catches an empty ballot, two options on a single-choice poll and a missing voter id before sending', async () => {
      const store = await opened(results(7, 0, { uniqueVoters: true }));
      expect(await store.vote({ optionIds: [], voterId: 'ada' })).toMatchObject({
        ok: false,
        fieldErrors: { optionIds: 'must name at least one option' },
      });
      expect(await store.vote({ optionIds: [70, 71], voterId: 'ada' })).toMatchObject({
        fieldErrors: { optionIds: 'must name exactly one option: this poll is single-choice' },
      });
      expect(await store.vote({ optionIds: [70], voterId: '' })).toMatchObject({
        fieldErrors: { voterId: 'is required: this poll takes one ballot per voter' },
      });
      expect(pollsApi.vote).not.toHaveBeenCalled();
    });

    it('shows the API answer when a voter votes twice', async () => {
      vi.mocked(pollsApi.vote).mockRejectedValue(
        new HttpError({ statusCode: 409, error: 'Conflict', message: 'This voter has already voted in this poll' }),
      );
      const store = await opened(results(7, 0, { uniqueVoters: true }));
      expect(await store.vote({ optionIds: [70], voterId: 'ada' })).toEqual({
        ok: false,
        message: 'This voter has already voted in this poll',
        fieldErrors: {},
      });
    });
  });
});
