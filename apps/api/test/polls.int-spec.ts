import {
  type ApiError,
  type Envelope,
  type Page,
  type Poll,
  type PollResults,
  SEEDED_POLL,
} from '@hotpath/contracts';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { SEEDED_BALLOTS, seedPolls } from '../src/modules/polls/polls.seed';
import {
  count,
  createPoll,
  MAX_AGE_SECONDS,
  phones,
  results,
  teaOrCoffee,
  usePollsApp,
} from './support/polls-helpers';
import { ADMIN } from './support/test-env';
import { api } from './support/spec-app';

usePollsApp();

describe('POST /polls', () => {
  it('creates a poll with its options in order (admin)', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/polls',
      headers: ADMIN,
      payload: { ...teaOrCoffee, question: ' Tea or coffee? ' },
    });
    expect(response.statusCode).toBe(201);
    const { data } = response.json<Envelope<Poll>>();
    expect(data).toMatchObject({
      question: 'Tea or coffee?',
      multiple: false,
      uniqueVoters: false,
      ballots: 0,
    });
    expect(data.options.map((option) => option.label)).toEqual(['Tea', 'Coffee', 'Neither']);
    expect(new Set(data.options.map((option) => option.id)).size).toBe(3);
    expect(Date.now() - Date.parse(data.createdAt)).toBeLessThan(60_000);
    expect(await count('SELECT COUNT(*) AS n FROM poll_options')).toBe(3);
  });

  it('answers 401 without the admin token and 403 with a wrong one, and writes nothing', async () => {
    const anonymous = await api.inject({ method: 'POST', url: '/polls', payload: teaOrCoffee });
    expect(anonymous.statusCode).toBe(401);
    const wrong = await api.inject({
      method: 'POST',
      url: '/polls',
      headers: { authorization: 'Bearer nope-nope-nope-nope' },
      payload: teaOrCoffee,
    });
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
    expect(body).toMatchObject({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'Validation failed',
    });
    expect(body.details).toEqual(
      expect.arrayContaining([
        { field: 'question', message: 'is required' },
        { field: 'options.2', message: 'must be at most 200 characters' },
        { field: 'multiple', message: 'is required (true or false)' },
      ]),
    );
    const few = await api.inject({
      method: 'POST',
      url: '/polls',
      headers: ADMIN,
      payload: { ...teaOrCoffee, options: ['Only'] },
    });
    expect(few.json<ApiError>().details).toEqual([
      { field: 'options', message: 'must have at least 2 options' },
    ]);
    const many = Array.from({ length: 21 }, (_, index) => `Option ${index}`);
    const tooMany = await api.inject({
      method: 'POST',
      url: '/polls',
      headers: ADMIN,
      payload: { ...teaOrCoffee, options: many },
    });
    expect(tooMany.json<ApiError>().details).toEqual([
      { field: 'options', message: 'must have at most 20 options' },
    ]);
    const repeated = await api.inject({
      method: 'POST',
      url: '/polls',
      headers: ADMIN,
      payload: { ...teaOrCoffee, options: ['Tea', ' TEA'] },
    });
    expect(repeated.json<ApiError>().details).toEqual([
      { field: 'options', message: 'must be distinct; repeated: TEA' },
    ]);
    expect(await count('SELECT COUNT(*) AS n FROM polls')).toBe(0);
  });
});

describe('GET /polls', () => {
  it('pages newest first by keyset cursor', async () => {
    const created: Poll[] = [];
    for (let index = 1; index <= 5; index++)
      created.push(await createPoll(api, { ...teaOrCoffee, question: `Poll ${index}` }));
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
    expect(badCursor.json<ApiError>().details).toEqual([
      { field: 'cursor', message: 'must be a cursor returned by a previous page' },
    ]);
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
      expect(response.json<ApiError>()).toMatchObject({
        statusCode: 404,
        error: 'Not Found',
        message: 'Poll not found',
      });
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

describe('npm run db:seed', () => {
  it('creates the seeded poll once, however often it runs', async () => {
    expect(await seedPolls(api)).toMatch(/^poll \d+ added/);
    expect(await seedPolls(api)).toMatch(/^poll \d+ already there/);
    const polls: Array<{ question: string; multiple_choice: number }> = await api
      .get(DataSource)
      .query('SELECT question, multiple_choice FROM polls');
    expect(polls).toEqual([{ question: SEEDED_POLL.question, multiple_choice: 1 }]);
    const labels: Array<{ label: string }> = await api
      .get(DataSource)
      .query('SELECT label FROM poll_options ORDER BY position');
    expect(labels.map((row) => row.label)).toEqual([
      'Pixel',
      'iPhone',
      'Galaxy',
      'Huawei',
      'None of the above',
    ]);
  });

  it('gives the seeded poll its ballots once, counted in the totals the results serve', async () => {
    expect(await seedPolls(api)).toMatch(new RegExp(`added: .*, ${SEEDED_BALLOTS} ballots added$`));
    expect(await seedPolls(api)).toMatch(/already there: .*, its ballots were there already$/);
    const counted: Array<{ stored: string }> = await api
      .get(DataSource)
      .query('SELECT COUNT(*) AS stored FROM ballots');
    expect(Number(counted[0]?.stored)).toBe(SEEDED_BALLOTS);
    const list = (await api.inject({ method: 'GET', url: '/polls' })).json<Page<Poll>>();
    const id = list.data[0]!.id;
    const results = (await api.inject({ method: 'GET', url: `/polls/${id}` })).json<Envelope<PollResults>>()
      .data;
    expect(results.ballots).toBe(SEEDED_BALLOTS);
    expect(results.options.every((option) => option.votes > 0)).toBe(true);
  });
});
