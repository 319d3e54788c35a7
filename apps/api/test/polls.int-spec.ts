import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SEEDED_POLL, type ApiError, type Envelope, type Page, type Poll, type PollResults } from '@hotpath/contracts';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEEDED_BALLOTS, seedPolls } from '../src/modules/polls/polls.seed';
import { createPoll, drained, POLL_TABLES, recountedByLabel, stored, vote, votesQueue } from './support/polls-helpers';
import { eventually, resetState, startApi, startWorker } from './support/test-app';
import { ADMIN, TEST_ENV } from './support/test-env';

let api: NestFastifyApplication;
let worker: INestApplicationContext;

/** POLL_RESULTS_TTL_SECONDS at its default: the test env does not set it. */
const MAX_AGE_SECONDS = 5;

const teaOrCoffee = { question: 'Tea or coffee?', options: ['Tea', 'Coffee', 'Neither'], multiple: false };
const phones = { question: 'Which phones?', options: ['Pixel', 'iPhone', 'Galaxy'], multiple: true };
const oncePerVoter = { question: 'Best editor?', options: ['vim', 'emacs'], multiple: false, uniqueVoters: true };

async function results(id: number | string, app = api): Promise<PollResults> {
  const response = await app.inject({ method: 'GET', url: `/polls/${id}` });
  expect(response.statusCode).toBe(200);
  return response.json<Envelope<PollResults>>().data;
}

async function count(sql: string): Promise<number> {
  const rows: Array<{ n: string | number }> = await api.get(DataSource).query(sql);
  return Number(rows[0]?.n);
}

const optionId = (poll: Poll, label: string): number => {
  const option = poll.options.find((candidate) => candidate.label === label);
  if (option === undefined) throw new Error(`no option ${label}`);
  return option.id;
};

beforeAll(async () => {
  api = await startApi();
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.close();
  await api?.close();
});

beforeEach(async () => {
  await drained(api);
  await resetState(api, POLL_TABLES);
});

describe('POST /polls', () => {
  it('creates a poll with its options in order (admin)', async () => {
    const response = await api.inject({ method: 'POST', url: '/polls', headers: ADMIN, payload: { ...teaOrCoffee, question: ' Tea or coffee? ' } });
    expect(response.statusCode).toBe(201);
    const { data } = response.json<Envelope<Poll>>();
    expect(data).toMatchObject({ question: 'Tea or coffee?', multiple: false, uniqueVoters: false, ballots: 0 });
    expect(data.options.map((option) => option.label)).toEqual(['Tea', 'Coffee', 'Neither']);
    expect(new Set(data.options.map((option) => option.id)).size).toBe(3);
    expect(Date.now() - Date.parse(data.createdAt)).toBeLessThan(60_000);
    expect(await count('SELECT COUNT(*) AS n FROM poll_options')).toBe(3);
  });

  it('answers 401 without the admin token and 403 with a wrong one, and writes nothing', async () => {
    const anonymous = await api.inject({ method: 'POST', url: '/polls', payload: teaOrCoffee });
    expect(anonymous.statusCode).toBe(401);
    const wrong = await api.inject({ method: 'POST', url: '/polls', headers: { authorization: 'Bearer nope-nope-nope-nope' }, payload: teaOrCoffee });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json<ApiError>()).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    expect(await count('SELECT COUNT(*) AS n FROM polls')).toBe(0);
  });

  it('answers 422 with every field at fault, and writes nothing', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/polls',
      headers: ADMIN,
      payload: { question: '', options: ['Tea', 'tea', 'x'.repeat(201)], multiple: 'yes' },
    });
    expect(response.statusCode).toBe(422);
    const body = response.json<ApiError>();
    expect(body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', message: 'Validation failed' });
    expect(body.details).toEqual(
      expect.arrayContaining([
        { field: 'question', message: 'is required' },
        { field: 'options.2', message: 'must be at most 200 characters' },
        { field: 'multiple', message: 'is required (true or false)' },
      ]),
    );
    const few = await api.inject({ method: 'POST', url: '/polls', headers: ADMIN, payload: { ...teaOrCoffee, options: ['Only'] } });
    expect(few.json<ApiError>().details).toEqual([{ field: 'options', message: 'must have at least 2 options' }]);
    const many = Array.from({ length: 21 }, (_, index) => `Option ${index}`);
    const tooMany = await api.inject({ method: 'POST', url: '/polls', headers: ADMIN, payload: { ...teaOrCoffee, options: many } });
    expect(tooMany.json<ApiError>().details).toEqual([{ field: 'options', message: 'must have at most 20 options' }]);
    const repeated = await api.inject({ method: 'POST', url: '/polls', headers: ADMIN, payload: { ...teaOrCoffee, options: ['Tea', ' TEA'] } });
    expect(repeated.json<ApiError>().details).toEqual([{ field: 'options', message: 'must be distinct; repeated: TEA' }]);
    expect(await count('SELECT COUNT(*) AS n FROM polls')).toBe(0);
  });
});

describe('GET /polls', () => {
  it('pages newest first by keyset cursor', async () => {
    const created: Poll[] = [];
    for (let index = 1; index <= 5; index++) created.push(await createPoll(api, { ...teaOrCoffee, question: `Poll ${index}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/polls?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`;
      const response = await api.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      const page = response.json<Page<Poll>>();
      expect(page.meta).toMatchObject({ limit: 2, total: 5 });
      seen.push(...page.data.map((poll) => poll.question));
      expect(page.data[0]?.options.map((option) => option.label)).toEqual(['Tea', 'Coffee', 'Neither']);
      cursor = page.meta.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(['Poll 5', 'Poll 4', 'Poll 3', 'Poll 2', 'Poll 1']);
  });

  it('answers 422 for a cursor it did not hand out and a limit out of range', async () => {
    const badCursor = await api.inject({ method: 'GET', url: '/polls?cursor=bm90LWEtY3Vyc29y' });
    expect(badCursor.statusCode).toBe(422);
    expect(badCursor.json<ApiError>().details).toEqual([{ field: 'cursor', message: 'must be a cursor returned by a previous page' }]);
    expect((await api.inject({ method: 'GET', url: '/polls?limit=101' })).statusCode).toBe(422);
  });
});

describe('GET /polls/:id', () => {
  it('answers the poll with its results and how old they are', async () => {
    const poll = await createPoll(api, teaOrCoffee);
    const data = await results(poll.id);
    expect(data).toEqual({
      id: poll.id,
      question: 'Tea or coffee?',
      multiple: false,
      uniqueVoters: false,
      options: poll.options.map((option) => ({ ...option, votes: 0 })),
      ballots: 0,
      resultsAsOf: expect.any(String),
      ageSeconds: expect.any(Number),
    });
    expect(data.ageSeconds).toBeLessThanOrEqual(MAX_AGE_SECONDS);
  });

  it('answers 404 for an unknown poll and for an id that cannot be one', async () => {
    for (const id of ['999999', 'abc', '0', '-3']) {
      const response = await api.inject({ method: 'GET', url: `/polls/${id}` });
      expect(response.statusCode).toBe(404);
      expect(response.json<ApiError>()).toMatchObject({ statusCode: 404, error: 'Not Found', message: 'Poll not found' });
    }
  });

  it('serves a poll created after its id was asked for', async () => {
    const ahead = await createPoll(api, teaOrCoffee);
    const nextId = ahead.id + 1;
    expect((await api.inject({ method: 'GET', url: `/polls/${nextId}` })).statusCode).toBe(404);
    const poll = await createPoll(api, phones);
    expect(poll.id).toBe(nextId);
    expect((await results(nextId)).question).toBe('Which phones?');
  });
});

describe('POST /polls/:id/votes', () => {
  it('answers 202 with the results, and the worker counts the ballot once, with its audit record', async () => {
    const poll = await createPoll(api, phones);
    const response = await vote(api, poll.id, { optionIds: [optionId(poll, 'Pixel'), optionId(poll, 'Galaxy')], voterId: 'ada' });
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
      [{ optionIds: [optionId(other, 'Pixel')] }, { field: 'optionIds', message: `are not options of this poll: ${optionId(other, 'Pixel')}` }],
      [{ optionIds: [tea, tea] }, { field: 'optionIds', message: `must not repeat an option; repeated: ${tea}` }],
      [{ optionIds: [tea, optionId(poll, 'Coffee')] }, { field: 'optionIds', message: 'must name exactly one option: this poll is single-choice' }],
      [{}, { field: 'optionIds', message: 'is required (a list of option ids)' }],
      [{ optionIds: [tea], voterId: 'x'.repeat(129) }, { field: 'voterId', message: 'must be at most 128 characters' }],
      [{ optionIds: [tea], extra: true }, { field: '(body)', message: 'Unrecognized key: "extra"' }],
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
    expect(anonymous.json<ApiError>().details).toEqual([{ field: 'voterId', message: 'is required: this poll takes one ballot per voter' }]);

    expect((await vote(api, poll.id, { optionIds: [vim], voterId: 'ada' })).statusCode).toBe(202);
    const again = await vote(api, poll.id, { optionIds: [emacs], voterId: ' ada ' });
    expect(again.statusCode).toBe(409);
    expect(again.json<ApiError>()).toEqual({ statusCode: 409, error: 'Conflict', message: 'This voter has already voted in this poll' });
    // Voter ids are compared exactly: another case is another voter.
    expect((await vote(api, poll.id, { optionIds: [emacs], voterId: 'Ada' })).statusCode).toBe(202);

    await drained(api);
    expect(await stored(api, poll.id)).toMatchObject({ ballotRows: 2, ballotsCounter: 2, votes: { vim: 1, emacs: 1 } });
  });

  it('lets exactly one of many concurrent ballots of one voter through', async () => {
    const poll = await createPoll(api, oncePerVoter);
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => vote(api, poll.id, { optionIds: [optionId(poll, 'vim')], voterId: 'grace' })),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([202, ...Array<number>(24).fill(409)]);
    await drained(api);
    expect(await stored(api, poll.id)).toMatchObject({ ballotRows: 1, ballotsCounter: 1, votes: { vim: 1, emacs: 0 } });
  });

  it('keeps MySQL as the last guard: a voter let through again after Redis lost its reservations is not counted twice', async () => {
    const poll = await createPoll(api, oncePerVoter);
    expect((await vote(api, poll.id, { optionIds: [optionId(poll, 'vim')], voterId: 'linus' })).statusCode).toBe(202);
    await drained(api);
    const redis = new Redis(TEST_ENV.REDIS_URL);
    try {
      const keys = await redis.keys(`${TEST_ENV.REDIS_KEY_PREFIX}poll-voters:*`);
      expect(keys).toHaveLength(1);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    expect((await vote(api, poll.id, { optionIds: [optionId(poll, 'emacs')], voterId: 'linus' })).statusCode).toBe(202);
    expect((await vote(api, poll.id, { optionIds: [optionId(poll, 'emacs')], voterId: 'rms' })).statusCode).toBe(202);
    await drained(api);
    expect(await stored(api, poll.id)).toMatchObject({ ballotRows: 2, ballotsCounter: 2, votes: { vim: 1, emacs: 1 } });
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
      poll.options.map((option) => [option.label, bodies.filter((body) => body.optionIds.includes(option.id)).length]),
    );

    await drained(api);
    const state = await stored(api, poll.id);
    expect(state).toMatchObject({ ballotRows: 1500, distinctBallotIds: 1500, ballotsCounter: 1500, votes: expected });
    expect(recountedByLabel(poll, state.recounted)).toEqual(expected);
    // Batches, not one job per request.
    expect(await count('SELECT COUNT(*) AS n FROM queue_applied_batches')).toBeLessThan(1500 / 10);

    await eventually(async () => {
      const served = await results(poll.id);
      expect(served.ballots).toBe(1500);
      expect(Object.fromEntries(served.options.map((option) => [option.label, option.votes]))).toEqual(expected);
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
    await eventually(async () => {
      const data = await results(poll.id);
      expect(data.ballots).toBe(1);
      expect(data.options.find((option) => option.label === 'Coffee')?.votes).toBe(1);
    }, 8000, 50);
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

describe('npm run db:seed', () => {
  it('creates the seeded poll once, however often it runs', async () => {
    expect(await seedPolls(api)).toMatch(/^poll \d+ added/);
    expect(await seedPolls(api)).toMatch(/^poll \d+ already there/);
    const polls: Array<{ question: string; multiple_choice: number }> = await api
      .get(DataSource)
      .query('SELECT question, multiple_choice FROM polls');
    expect(polls).toEqual([{ question: SEEDED_POLL.question, multiple_choice: 1 }]);
    const labels: Array<{ label: string }> = await api.get(DataSource).query('SELECT label FROM poll_options ORDER BY position');
    expect(labels.map((row) => row.label)).toEqual(['Pixel', 'iPhone', 'Galaxy', 'Huawei', 'None of the above']);
  });

  it('gives the seeded poll its ballots once, counted in the totals the results serve', async () => {
    expect(await seedPolls(api)).toMatch(new RegExp(`added: .*, ${SEEDED_BALLOTS} ballots added$`));
    expect(await seedPolls(api)).toMatch(/already there: .*, its ballots were there already$/);
    const counted: Array<{ stored: string }> = await api.get(DataSource).query('SELECT COUNT(*) AS stored FROM ballots');
    expect(Number(counted[0]?.stored)).toBe(SEEDED_BALLOTS);
    const list = (await api.inject({ method: 'GET', url: '/polls' })).json<Page<Poll>>();
    const id = list.data[0]!.id;
    const results = (await api.inject({ method: 'GET', url: `/polls/${id}` })).json<Envelope<PollResults>>().data;
    expect(results.ballots).toBe(SEEDED_BALLOTS);
    expect(results.options.every((option) => option.votes > 0)).toBe(true);
  });
});
