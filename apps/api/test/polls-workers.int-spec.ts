import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { CastVoteRequest, Poll } from '@hotpath/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QueueName } from '../src/core/queue/queue-names';
import type { PollVotesJob } from '../src/modules/polls/polls.repository';
import {
  createPoll,
  drained,
  fireVotes,
  listen,
  POLL_TABLES,
  recountedByLabel,
  stored,
  votesQueue,
} from './support/polls-helpers';
import { eventually, resetState, startApi } from './support/test-app';
import { TEST_ENV } from './support/test-env';
import { WorkerProcess } from './support/worker-process';

let api: NestFastifyApplication;
let baseUrl: string;
let workers: WorkerProcess[] = [];

const phones = { question: 'Which phones?', options: ['Pixel', 'iPhone', 'Galaxy', 'Huawei', 'None'], multiple: true };
const oncePerVoter = { question: 'Best editor?', options: ['vim', 'emacs', 'nano'], multiple: false, uniqueVoters: true };

async function startWorkers(count: number, env: Record<string, string> = {}): Promise<WorkerProcess[]> {
  const outcomes = await Promise.allSettled(Array.from({ length: count }, () => WorkerProcess.start(env)));
  // Those that did start are stopped after the test even when another one failed to.
  const started = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  workers.push(...started);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return started;
}

/** Deterministic, varied ballots: each names 1–5 options of a multiple-choice poll. */
function multipleChoiceBallots(poll: Poll, count: number): CastVoteRequest[] {
  const ids = poll.options.map((option) => option.id);
  return Array.from({ length: count }, (_, index) => {
    const picked = ids.filter((_, position) => ((index * 7 + 3) >> position) % 2 === 1);
    return { optionIds: picked.length > 0 ? picked : [ids[index % ids.length]!] };
  });
}

function expectedTotals(poll: Poll, ballots: CastVoteRequest[]): Record<string, number> {
  return Object.fromEntries(
    poll.options.map((option) => [option.label, ballots.filter((ballot) => ballot.optionIds.includes(option.id)).length]),
  );
}

/** Open transactions of the test database that have written rows: a batch being applied right now. */
async function batchesInFlight(): Promise<number> {
  const database = new URL(TEST_ENV.DATABASE_URL).pathname.slice(1);
  const rows: Array<{ n: string | number }> = await api.get(DataSource).query(
    `SELECT COUNT(*) AS n FROM information_schema.INNODB_TRX t
     JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
     WHERE p.DB = ? AND t.trx_rows_modified > 0`,
    [database],
  );
  return Number(rows[0]?.n);
}

beforeAll(async () => {
  api = await startApi();
  baseUrl = await listen(api);
});

afterAll(async () => {
  await api?.close();
});

beforeEach(async () => {
  await resetState(api, POLL_TABLES);
});

afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  workers = [];
});

describe('poll worker processes', () => {
  it('two workers at once count every ballot accepted over many connections exactly once', async () => {
    await startWorkers(2);
    const poll = await createPoll(api, phones);
    const unique = await createPoll(api, oncePerVoter);
    const ballots = multipleChoiceBallots(poll, 3000);
    // 1,000 ballots from 800 voters: 200 come a second time and must be refused.
    const voterBallots = Array.from({ length: 1000 }, (_, index) => ({
      optionIds: [unique.options[index % 3]!.id],
      voterId: `voter-${index % 800}`,
    }));

    const [statuses, voterStatuses] = await Promise.all([
      fireVotes(baseUrl, poll.id, ballots, 40),
      fireVotes(baseUrl, unique.id, voterBallots, 20),
    ]);
    expect(statuses.filter((status) => status !== 202)).toEqual([]);
    expect(voterStatuses.filter((status) => status === 202)).toHaveLength(800);
    expect(voterStatuses.filter((status) => status === 409)).toHaveLength(200);

    await drained(api, 60_000);
    const expected = expectedTotals(poll, ballots);
    const state = await stored(api, poll.id);
    expect(state).toMatchObject({ ballotRows: 3000, distinctBallotIds: 3000, ballotsCounter: 3000, votes: expected });
    expect(recountedByLabel(poll, state.recounted)).toEqual(expected);

    const accepted = voterBallots.filter((_, index) => voterStatuses[index] === 202);
    const uniqueState = await stored(api, unique.id);
    expect(uniqueState).toMatchObject({ ballotRows: 800, ballotsCounter: 800, votes: expectedTotals(unique, accepted) });
    const [voters]: Array<{ n: string | number }> = await api
      .get(DataSource)
      .query('SELECT COUNT(DISTINCT voter_id) AS n FROM ballots WHERE poll_id = ?', [unique.id]);
    expect(Number(voters?.n)).toBe(800);
  }, 90_000);

  it('applies a batch queued twice once, even when both workers run it at the same time', async () => {
    await startWorkers(2, { WRITE_BEHIND_APPLY_DELAY_MS: '300' });
    const poll = await createPoll(api, phones);
    const [pixel, iphone] = poll.options;
    const batch: PollVotesJob = {
      batchId: randomUUID(),
      items: Array.from({ length: 50 }, (_, index) => ({
        ballotId: randomUUID(),
        pollId: poll.id,
        optionIds: index % 2 === 0 ? [pixel!.id] : [pixel!.id, iphone!.id],
        voterId: null,
        uniqueVoter: false,
        castAt: Date.now(),
      })),
    };
    const queue = votesQueue(api);
    await Promise.all([queue.add(batch, { jobId: `${batch.batchId}-a` }), queue.add(batch, { jobId: `${batch.batchId}-b` })]);

    await drained(api, 30_000);
    expect(await stored(api, poll.id)).toMatchObject({
      ballotRows: 50,
      ballotsCounter: 50,
      votes: { Pixel: 50, iPhone: 25, Galaxy: 0 },
    });
    const claims: Array<{ queue: string }> = await api.get(DataSource).query('SELECT queue FROM queue_applied_batches');
    expect(claims).toEqual([{ queue: QueueName.PollVotes }]);
  }, 60_000);

  it('loses nothing and counts nothing twice when a worker is killed in the middle of a batch', async () => {
    // Each batch waits 400 ms inside its transaction, so the kill lands while batches are being applied.
    const [doomed] = await startWorkers(1, { WRITE_BEHIND_APPLY_DELAY_MS: '400' });
    const poll = await createPoll(api, phones);
    const ballots = multipleChoiceBallots(poll, 4000);
    const statuses = await fireVotes(baseUrl, poll.id, ballots, 40);
    expect(statuses.filter((status) => status !== 202)).toEqual([]);

    await eventually(
      async () => {
        expect((await stored(api, poll.id)).ballotRows).toBeGreaterThan(0);
        expect(await batchesInFlight()).toBeGreaterThan(0);
      },
      30_000,
      10,
    );
    await doomed!.kill();
    const committedAtKill = (await stored(api, poll.id)).ballotRows;
    expect(committedAtKill).toBeLessThan(4000);
    // MySQL rolls back what the killed worker had not committed.
    await eventually(async () => expect(await batchesInFlight()).toBe(0), 10_000);

    await startWorkers(1);
    await drained(api, 60_000);
    const expected = expectedTotals(poll, ballots);
    const state = await stored(api, poll.id);
    expect(state).toMatchObject({ ballotRows: 4000, distinctBallotIds: 4000, ballotsCounter: 4000, votes: expected });
    expect(recountedByLabel(poll, state.recounted)).toEqual(expected);
  }, 120_000);
});
