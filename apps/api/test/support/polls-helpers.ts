import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { CastVoteRequest, CreatePollRequest, Envelope, Poll, PollResults } from '@hotpath/contracts';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { expect } from 'vitest';
import { QueueName } from '../../src/core/queue/queue-names';
import { api as specApi, useSpecApp } from './spec-app';
import { eventually, resetState, startWorker } from './test-app';
import { ADMIN } from './test-env';

export const POLL_TABLES = ['ballots', 'poll_options', 'polls', 'queue_applied_batches'];

export function votesQueue(app: INestApplicationContext): Queue {
  return app.get<Queue>(getQueueToken(QueueName.PollVotes));
}

/** Waits until no ballot batch is waiting, delayed or running, and none has failed. */
export async function drained(app: INestApplicationContext, timeoutMs = 20_000): Promise<void> {
  const queue = votesQueue(app);
  await eventually(async () => {
    const counts = await queue.getJobCounts();
    if (counts.failed > 0) throw new Error(`${counts.failed} ballot batches failed`);
    const busy = counts.waiting + counts.active + counts.delayed;
    if (busy > 0) throw new Error(`${busy} ballot batches still queued: ${JSON.stringify(counts)}`);
  }, timeoutMs);
}

export async function createPoll(api: NestFastifyApplication, body: CreatePollRequest): Promise<Poll> {
  const response = await api.inject({ method: 'POST', url: '/polls', headers: ADMIN, payload: body });
  if (response.statusCode !== 201)
    throw new Error(`POST /polls answered ${response.statusCode}: ${response.body}`);
  return response.json<Envelope<Poll>>().data;
}

export function vote(api: NestFastifyApplication, pollId: number | string, body: CastVoteRequest | object) {
  return api.inject({ method: 'POST', url: `/polls/${pollId}/votes`, payload: body });
}

/** What MySQL holds for a poll: ballot rows, the ballots counter, and each option's total by label. */
export async function stored(app: INestApplicationContext, pollId: number) {
  const dataSource = app.get(DataSource);
  const [rows]: Array<{ n: string | number; distinct_ids: string | number }> = await dataSource.query(
    'SELECT COUNT(*) AS n, COUNT(DISTINCT ballot_id) AS distinct_ids FROM ballots WHERE poll_id = ?',
    [pollId],
  );
  const [poll]: Array<{ ballots: string | number }> = await dataSource.query(
    'SELECT ballots FROM polls WHERE id = ?',
    [pollId],
  );
  const options: Array<{ label: string; votes: string | number }> = await dataSource.query(
    'SELECT label, votes FROM poll_options WHERE poll_id = ? ORDER BY position',
    [pollId],
  );
  const ballotOptions: Array<{ option_ids: string }> = await dataSource.query(
    'SELECT option_ids FROM ballots WHERE poll_id = ?',
    [pollId],
  );
  // Totals recounted from the ballot records themselves, by option id.
  const recounted = new Map<number, number>();
  for (const row of ballotOptions) {
    for (const id of JSON.parse(row.option_ids) as number[]) recounted.set(id, (recounted.get(id) ?? 0) + 1);
  }
  return {
    ballotRows: Number(rows?.n),
    distinctBallotIds: Number(rows?.distinct_ids),
    ballotsCounter: Number(poll?.ballots),
    votes: Object.fromEntries(options.map((option) => [option.label, Number(option.votes)])),
    recounted,
  };
}

/** Option totals recounted from ballot rows, by label, for comparison with poll_options.votes. */
export function recountedByLabel(poll: Poll, recounted: Map<number, number>): Record<string, number> {
  return Object.fromEntries(poll.options.map((option) => [option.label, recounted.get(option.id) ?? 0]));
}

/**
 * Sends `bodies` as real HTTP requests over `connections` keep-alive connections at once; returns each
 * response's status in the order of `bodies`.
 */
export async function fireVotes(
  baseUrl: string,
  pollId: number,
  bodies: CastVoteRequest[],
  connections: number,
): Promise<number[]> {
  const statuses: number[] = new Array<number>(bodies.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < bodies.length) {
      const index = next++;
      const response = await fetch(`${baseUrl}/polls/${pollId}/votes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(bodies[index]),
      });
      await response.arrayBuffer();
      statuses[index] = response.status;
    }
  };
  await Promise.all(Array.from({ length: connections }, lane));
  return statuses;
}

/** Listens on a free loopback port and returns the base URL. */
export async function listen(api: NestFastifyApplication): Promise<string> {
  await api.listen(0, '127.0.0.1');
  const address = api.getHttpServer().address();
  if (address === null || typeof address === 'string')
    throw new Error('the API is not listening on a TCP port');
  return `http://127.0.0.1:${address.port}`;
}

/** The spec file's API and worker; before each test no ballot batch is left and the poll tables are empty. */
export function usePollsApp(): void {
  useSpecApp({
    startWorker: () => startWorker(),
    reset: async (app) => {
      await drained(app);
      await resetState(app, POLL_TABLES);
    },
  });
}

/** POLL_RESULTS_TTL_SECONDS at its default: the test env does not set it. */
export const MAX_AGE_SECONDS = 5;

export const teaOrCoffee = {
  question: 'Tea or coffee?',
  options: ['Tea', 'Coffee', 'Neither'],
  multiple: false,
};
export const phones = { question: 'Which phones?', options: ['Pixel', 'iPhone', 'Galaxy'], multiple: true };
export const oncePerVoter = {
  question: 'Best editor?',
  options: ['vim', 'emacs'],
  multiple: false,
  uniqueVoters: true,
};

export async function results(id: number | string, app = specApi): Promise<PollResults> {
  const response = await app.inject({ method: 'GET', url: `/polls/${id}` });
  expect(response.statusCode).toBe(200);
  return response.json<Envelope<PollResults>>().data;
}

export async function count(sql: string): Promise<number> {
  const rows: Array<{ n: string | number }> = await specApi.get(DataSource).query(sql);
  return Number(rows[0]?.n);
}

export const optionId = (poll: Poll, label: string): number => {
  const option = poll.options.find((candidate) => candidate.label === label);
  if (option === undefined) throw new Error(`no option ${label}`);
  return option.id;
};
