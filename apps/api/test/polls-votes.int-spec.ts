import { type ApiError, type Envelope, type PollResults } from '@hotpath/contracts';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import {
  count,
  createPoll,
  drained,
  MAX_AGE_SECONDS,
  oncePerVoter,
  optionId,
  phones,
  recountedByLabel,
  results,
  stored,
  teaOrCoffee,
  usePollsApp,
  vote,
  votesQueue,
} from './support/polls-helpers';
import { eventually, startApi } from './support/test-app';
import { TEST_ENV } from './support/test-env';
import { api } from './support/spec-app';

usePollsApp();

describe('POST /polls/:id/votes', () => {
  it('answers 202 with the results, and the worker counts the ballot once, with its audit record', async () => {
    const poll = await createPoll(api, phones);
    const response = await vote(api, poll.id, {
      optionIds: [optionId(poll, 'Pixel'), optionId(poll, 'Galaxy')],
      voterId: 'ada',
    });
    expect(response.statusCode).toBe(202);
    const { data } = response.json<Envelope<PollResults>>();
    expect(data).toMatchObject({ id: poll.id, question: 'Which phones?', multiple: true, ballots: 0 });
    expect(data.ageSeconds).toBeLessThanOrEqual(MAX_AGE_SECONDS);

    await drained(api);
    expect(await stored(api, poll.id)).toMatchObject({
      ballotRows: 1,
      ballotsCounter: 1,
      votes: { Pixel: 1, iPhone: 0, Galaxy: 1 },
    });
    const [ballot]: Array<Record<string, unknown>> = await api
      .get(DataSource)
      .query('SELECT ballot_id, poll_id, option_ids, voter_id, unique_voter_id, created_at FROM ballots');
    expect(ballot).toMatchObject({
      ballot_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      option_ids: JSON.stringify([optionId(poll, 'Pixel'), optionId(poll, 'Galaxy')]),
      voter_id: 'ada',
      unique_voter_id: null,
    });
    expect(Number(ballot?.['poll_id'])).toBe(poll.id);
    expect(Date.now() - (ballot?.['created_at'] as Date).getTime()).toBeLessThan(60_000);
  });

  it('answers 404 for an unknown poll', async () => {
    const response = await vote(api, 424242, { optionIds: [1] });
    expect(response.statusCode).toBe(404);
    expect(response.json<ApiError>()).toMatchObject({ statusCode: 404, message: 'Poll not found' });
    expect((await vote(api, 'nope', { optionIds: [1] })).statusCode).toBe(404);
  });

  it('answers 422 for an empty list, a foreign option, a repeated option and two options on a single-choice poll, queueing nothing', async () => {
    const poll = await createPoll(api, teaOrCoffee);
    const other = await createPoll(api, phones);
    const tea = optionId(poll, 'Tea');
    const cases: Array<[object, { field: string; message: string }]> = [
      [{ optionIds: [] }, { field: 'optionIds', message: 'must name at least one option' }],
      [
        { optionIds: [optionId(other, 'Pixel')] },
        { field: 'optionIds', message: `are not options of this poll: ${optionId(other, 'Pixel')}` },
      ],
      [
        { optionIds: [tea, tea] },
        { field: 'optionIds', message: `must not repeat an option; repeated: ${tea}` },
      ],
      [
        { optionIds: [tea, optionId(poll, 'Coffee')] },
        { field: 'optionIds', message: 'must name exactly one option: this poll is single-choice' },
      ],
      [{}, { field: 'optionIds', message: 'is required (a list of option ids)' }],
      [
        { optionIds: [tea], voterId: 'x'.repeat(129) },
        { field: 'voterId', message: 'must be at most 128 characters' },
      ],
      [
        { optionIds: [tea], extra: true },
        { field: '(body)', message: 'Unrecognized key: "extra"' },
      ],
    ];
    for (const [body, detail] of cases) {
      const response = await vote(api, poll.id, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(422);
      expect(response.json<ApiError>().details).toEqual([detail]);
    }
    const badJson = await api.inject({
      method: 'POST',
      url: `/polls/${poll.id}/votes`,
      headers: { 'content-type': 'application/json' },
      payload: '{"optionIds": [',
    });
    expect(badJson.statusCode).toBe(400);
    expect(await votesQueue(api).count()).toBe(0);
    await drained(api);
    expect(await count('SELECT COUNT(*) AS n FROM ballots')).toBe(0);
  });

  it('takes one ballot per voter on a uniqueVoters poll: voterId required, 409 for a second ballot', async () => {
    const poll = await createPoll(api, oncePerVoter);
    const vim = optionId(poll, 'vim');
    const emacs = optionId(poll, 'emacs');

    const anonymous = await vote(api, poll.id, { optionIds: [vim] });
    expect(anonymous.statusCode).toBe(422);
    expect(anonymous.json<ApiError>().details).toEqual([
      { field: 'voterId', message: 'is required: this poll takes one ballot per voter' },
    ]);

    expect((await vote(api, poll.id, { optionIds: [vim], voterId: 'ada' })).statusCode).toBe(202);
    const again = await vote(api, poll.id, { optionIds: [emacs], voterId: ' ada ' });
    expect(again.statusCode).toBe(409);
    expect(again.json<ApiError>()).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'This voter has already voted in this poll',
    });
    // Voter ids are compared exactly: another case is another voter.
    expect((await vote(api, poll.id, { optionIds: [emacs], voterId: 'Ada' })).statusCode).toBe(202);

    await drained(api);
    expect(await stored(api, poll.id)).toMatchObject({
      ballotRows: 2,
      ballotsCounter: 2,
      votes: { vim: 1, emacs: 1 },
    });
  });

  it('lets exactly one of many concurrent ballots of one voter through', async () => {
    const poll = await createPoll(api, oncePerVoter);
    const responses = await Promise.all(
      Array.from({ length: 25 }, () =>
        vote(api, poll.id, { optionIds: [optionId(poll, 'vim')], voterId: 'grace' }),
      ),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([
      202,
      ...Array<number>(24).fill(409),
    ]);
    await drained(api);
    expect(await stored(api, poll.id)).toMatchObject({
      ballotRows: 1,
      ballotsCounter: 1,
      votes: { vim: 1, emacs: 0 },
    });
  });

  it('keeps MySQL as the last guard: a voter let through again after Redis lost its reservations is not counted twice', async () => {
    const poll = await createPoll(api, oncePerVoter);
    expect(
      (await vote(api, poll.id, { optionIds: [optionId(poll, 'vim')], voterId: 'linus' })).statusCode,
    ).toBe(202);
    await drained(api);
    const redis = new Redis(TEST_ENV.REDIS_URL);
    try {
      const keys = await redis.keys(`${TEST_ENV.REDIS_KEY_PREFIX}poll-voters:*`);
      expect(keys).toHaveLength(1);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    expect(
      (await vote(api, poll.id, { optionIds: [optionId(poll, 'emacs')], voterId: 'linus' })).statusCode,
    ).toBe(202);
    expect(
      (await vote(api, poll.id, { optionIds: [optionId(poll, 'emacs')], voterId: 'rms' })).statusCode,
    ).toBe(202);
    await drained(api);
    expect(await stored(api, poll.id)).toMatchObject({
      ballotRows: 2,
      ballotsCounter: 2,
      votes: { vim: 1, emacs: 1 },
    });
  });

  it('counts every accepted ballot exactly once when many arrive at once, and the served totals agree', async () => {
    const poll = await createPoll(api, phones);
    const ids = poll.options.map((option) => option.id);
    const bodies = Array.from({ length: 1500 }, (_, index) => ({
      optionIds: ids.filter((_, position) => (index >> position) % 2 === 1 || position === index % 3),
    }));
    const responses = await Promise.all(bodies.map((body) => vote(api, poll.id, body)));
    expect(responses.every((response) => response.statusCode === 202)).toBe(true);
    const expected = Object.fromEntries(
      poll.options.map((option) => [
        option.label,
        bodies.filter((body) => body.optionIds.includes(option.id)).length,
      ]),
    );

    await drained(api);
    const state = await stored(api, poll.id);
    expect(state).toMatchObject({
      ballotRows: 1500,
      distinctBallotIds: 1500,
      ballotsCounter: 1500,
      votes: expected,
    });
    expect(recountedByLabel(poll, state.recounted)).toEqual(expected);
    // Batches, not one job per request.
    expect(await count('SELECT COUNT(*) AS n FROM queue_applied_batches')).toBeLessThan(1500 / 10);

    await eventually(async () => {
      const served = await results(poll.id);
      expect(served.ballots).toBe(1500);
      expect(Object.fromEntries(served.options.map((option) => [option.label, option.votes]))).toEqual(
        expected,
      );
    }, 6000);
  });
});

describe('results staleness', () => {
  it('shows a vote within POLL_RESULTS_TTL_SECONDS', async () => {
    const poll = await createPoll(api, teaOrCoffee);
    // Past the repeated invalidation that follows a create, so these results are cached for their full life.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await results(poll.id)).ballots).toBe(0);
    const accepted = await vote(api, poll.id, { optionIds: [optionId(poll, 'Coffee')] });
    expect(accepted.statusCode).toBe(202);
    const acceptedAt = Date.now();
    await eventually(
      async () => {
        const data = await results(poll.id);
        expect(data.ballots).toBe(1);
        expect(data.options.find((option) => option.label === 'Coffee')?.votes).toBe(1);
      },
      8000,
      50,
    );
    expect(Date.now() - acceptedAt).toBeLessThan(MAX_AGE_SECONDS * 1000);
  });

  it('never serves results older than the bound, from either of two API instances sharing Redis', async () => {
    const poll = await createPoll(api, phones);
    const other = await startApi();
    try {
      const asOf = new Set<string>();
      const until = Date.now() + 7000;
      let reads = 0;
      while (Date.now() < until) {
        const [mine, theirs] = await Promise.all([results(poll.id), results(poll.id, other)]);
        for (const data of [mine, theirs]) {
          const age = Date.now() - Date.parse(data.resultsAsOf);
          expect(age).toBeLessThanOrEqual(MAX_AGE_SECONDS * 1000);
          expect(data.ageSeconds).toBeLessThanOrEqual(MAX_AGE_SECONDS);
          asOf.add(data.resultsAsOf);
        }
        reads++;
        await vote(api, poll.id, { optionIds: [poll.options[reads % 3]!.id] });
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      // Refreshed more than once in 7 s, yet far less often than it was read.
      expect(asOf.size).toBeGreaterThanOrEqual(2);
      expect(asOf.size).toBeLessThan(reads / 10);
    } finally {
      await other.close();
    }
  });
});
