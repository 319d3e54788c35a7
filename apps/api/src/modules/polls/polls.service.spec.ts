import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../config/app-config';
import type { AppCache, TtlFor } from '../../core/cache/app-cache';
import { ConflictError, NotFoundError } from '../../core/errors/domain-error';
import { ValidationError } from '../../core/errors/validation.error';
import type { PollBallot, PollsRepository, PollTotals } from './polls.repository';
import { PollsService } from './polls.service';

const single: PollTotals = {
  id: 7,
  question: 'Tea or coffee?',
  multiple: false,
  uniqueVoters: false,
  options: [
    { id: 70, label: 'Tea', votes: 3 },
    { id: 71, label: 'Coffee', votes: 4 },
  ],
  ballots: 7,
};
const multi: PollTotals = {
  ...single,
  id: 8,
  multiple: true,
  options: [...single.options, { id: 72, label: 'Water', votes: 0 }],
};
const oncePerVoter: PollTotals = { ...single, id: 9, uniqueVoters: true };

/** AppCache without tiers: every read loads, and the TTL asked for is recorded. */
function fakeCache() {
  const ttls: number[] = [];
  const cache = {
    ttls,
    invalidate: vi.fn(async () => undefined),
    async getOrLoad<T>(_namespace: string, _id: string, load: () => Promise<T | null>, ttlFor: TtlFor<T>) {
      const value = await load();
      ttls.push(ttlFor(value));
      return value;
    },
  };
  return cache;
}

function setup(options: { maxAgeSeconds?: number; localTtlMs?: number } = {}) {
  const polls = new Map([single, multi, oncePerVoter].map((poll) => [poll.id, poll]));
  const voters = new Set<string>();
  const queued: PollBallot[] = [];
  const repository = {
    loadTotals: vi.fn(async (id: number) => polls.get(id) ?? null),
    reserveVoter: vi.fn(async (pollId: number, voterId: string) => {
      const key = `${pollId}:${voterId}`;
      if (voters.has(key)) return false;
      voters.add(key);
      return true;
    }),
    releaseVoter: vi.fn(async (pollId: number, voterId: string) => {
      voters.delete(`${pollId}:${voterId}`);
    }),
    enqueueBallot: vi.fn(async (ballot: PollBallot) => {
      queued.push(ballot);
    }),
    insert: vi.fn(),
  };
  const settings: Record<string, number> = {
    POLL_RESULTS_TTL_SECONDS: options.maxAgeSeconds ?? 5,
    LOCAL_CACHE_TTL_MS: options.localTtlMs ?? 500,
  };
  const config = { get: (key: string) => settings[key] } as unknown as AppConfig;
  const cache = fakeCache();
  const service = new PollsService(
    repository as unknown as PollsRepository,
    cache as unknown as AppCache,
    config,
  );
  return { service, repository, cache, voters, queued };
}

describe('PollsService.vote', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-11-21T12:00:00.000Z'), toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('queues the ballot with a fresh id and answers the cached results', async () => {
    const { service, queued } = setup();
    const results = await service.vote(8, { optionIds: [70, 72], voterId: 'v1' });
    expect(queued).toEqual([
      {
        ballotId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        pollId: 8,
        optionIds: [70, 72],
        voterId: 'v1',
        uniqueVoter: false,
        castAt: Date.parse('2025-11-21T12:00:00.000Z'),
      },
    ]);
    expect(results).toMatchObject({
      id: 8,
      ballots: 7,
      resultsAsOf: '2025-11-21T12:00:00.000Z',
      ageSeconds: 0,
    });
    await service.vote(8, { optionIds: [71] });
    expect(queued[0]?.ballotId).not.toBe(queued[1]?.ballotId);
  });

  it('answers 404 for an unknown poll and 422 for a bad ballot, queueing nothing', async () => {
    const { service, queued } = setup();
    await expect(service.vote(404, { optionIds: [1] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.vote(7, { optionIds: [70, 71] })).rejects.toBeInstanceOf(ValidationError);
    expect(queued).toEqual([]);
  });

  it('takes one ballot per voter on a uniqueVoters poll: 409 for the second', async () => {
    const { service, queued } = setup();
    await service.vote(9, { optionIds: [70], voterId: 'ada' });
    await expect(service.vote(9, { optionIds: [71], voterId: 'ada' })).rejects.toBeInstanceOf(ConflictError);
    await service.vote(9, { optionIds: [71], voterId: 'Ada' });
    expect(queued.map((ballot) => [ballot.voterId, ballot.uniqueVoter])).toEqual([
      ['ada', true],
      ['Ada', true],
    ]);
  });

  it('does not reserve voters on polls that allow several ballots per voter', async () => {
    const { service, repository } = setup();
    await service.vote(7, { optionIds: [70], voterId: 'ada' });
    await service.vote(7, { optionIds: [70], voterId: 'ada' });
    expect(repository.reserveVoter).not.toHaveBeenCalled();
  });

  it('gives the reservation back when the ballot cannot be queued, so the voter can try again', async () => {
    const { service, repository, voters } = setup();
    repository.enqueueBallot.mockRejectedValueOnce(new Error('redis down'));
    await expect(service.vote(9, { optionIds: [70], voterId: 'ada' })).rejects.toThrow('redis down');
    expect(voters.size).toBe(0);
    await expect(service.vote(9, { optionIds: [70], voterId: 'ada' })).resolves.toMatchObject({ id: 9 });
  });

  it('takes votes from the last known definition while MySQL is away, and answers 503 for a poll never seen', async () => {
    const { service, repository, queued } = setup();
    await service.results(7);
    const mysqlDown = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), {
      code: 'ECONNREFUSED',
    });
    repository.loadTotals.mockRejectedValue(mysqlDown);
    await expect(service.vote(7, { optionIds: [71] })).resolves.toMatchObject({ id: 7, ballots: 7 });
    await expect(service.vote(7, { optionIds: [70, 71] })).rejects.toBeInstanceOf(ValidationError);
    await expect(service.vote(8, { optionIds: [70] })).rejects.toBe(mysqlDown);
    expect(queued.map((ballot) => ballot.pollId)).toEqual([7]);
  });

  it('does not hide other failures behind the last known definition', async () => {
    const { service, repository } = setup();
    await service.results(7);
    repository.loadTotals.mockRejectedValue(new Error('a bug'));
    await expect(service.vote(7, { optionIds: [71] })).rejects.toThrow('a bug');
  });
});

describe('PollsService results age', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps results in Redis only so long that Redis plus the in-memory tier stay within the bound', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    const { service, cache } = setup({ maxAgeSeconds: 5, localTtlMs: 500 });
    await service.results(7);
    // 5 s - 0.5 s in memory - 0.1 s margin, in whole eighths of a second.
    expect(cache.ttls).toEqual([4.375]);
    expect(cache.ttls[0]! * 1000 + 500).toBeLessThanOrEqual(5000);
  });

  it('counts a slow read against the TTL', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    const { service, cache, repository } = setup({ maxAgeSeconds: 2, localTtlMs: 1000 });
    repository.loadTotals.mockImplementationOnce(async (id: number) => {
      vi.setSystemTime(1_000_300);
      return { ...single, id };
    });
    await service.results(7);
    // 2 s - 1 s - 0.1 s - 0.3 s spent reading = 0.6 s, rounded down to 0.5 s.
    expect(cache.ttls).toEqual([0.5]);
  });

  it('reports when the totals were read and how old they are', async () => {
    vi.useFakeTimers({ now: Date.parse('2025-11-21T12:00:00.000Z'), toFake: ['Date'] });
    const { service } = setup();
    const results = await service.results(7);
    expect(results).toEqual({
      id: 7,
      question: 'Tea or coffee?',
      multiple: false,
      uniqueVoters: false,
      options: single.options,
      ballots: 7,
      resultsAsOf: '2025-11-21T12:00:00.000Z',
      ageSeconds: 0,
    });
  });
});
