import {
  SEEDED_POLL,
  type Envelope,
  type PollResults,
  type QueueDepth,
  type SystemStatus,
} from '@hotpath/contracts';
import type { RowDataPacket } from 'mysql2/promise';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ScenarioContext } from '../lib/scenario';

/** The poll the polls scenarios vote on and read: the one `npm run db:seed` creates. */
export interface BenchPoll {
  id: number;
  optionIds: number[];
}

const POLL_VOTES_QUEUE = 'poll-votes';

/** Inserts the seeded poll straight into hotpath_bench, as `npm run db:seed` would have created it. */
export async function createSeededPoll(ctx: ScenarioContext): Promise<BenchPoll> {
  await ctx.db.query(
    'INSERT INTO polls (question, multiple_choice, unique_voters, ballots, created_at) VALUES (?, ?, 0, 0, NOW(3))',
    [SEEDED_POLL.question, SEEDED_POLL.multiple],
  );
  const id = await ctx.db.scalar('SELECT MAX(id) FROM polls WHERE question = ?', [SEEDED_POLL.question]);
  await ctx.db.query('INSERT INTO poll_options (poll_id, position, label, votes) VALUES ?', [
    SEEDED_POLL.options.map((label, position) => [id, position, label, 0]),
  ]);
  const options = await ctx.db.query<RowDataPacket & { id: number }>(
    'SELECT id FROM poll_options WHERE poll_id = ? ORDER BY position',
    [id],
  );
  return { id, optionIds: options.map((option) => Number(option.id)) };
}

/** GET /polls/:id through the runner's client; throws unless it answers 200. */
export async function fetchResults(ctx: ScenarioContext, pollId: number): Promise<PollResults> {
  const { status, body } = await ctx.api.getJson(`/polls/${pollId}`);
  const data = (body as Partial<Envelope<PollResults>> | null)?.data;
  if (status !== 200 || data === undefined) {
    throw new Error(`GET /polls/${pollId} answered ${status}: ${JSON.stringify(body)}`);
  }
  return data;
}

async function votesQueueDepth(ctx: ScenarioContext): Promise<QueueDepth | undefined> {
  const { status, body } = await ctx.api.getJson('/system/status');
  if (status !== 200) throw new Error(`GET /system/status answered ${status}: ${JSON.stringify(body)}`);
  return (body as SystemStatus).queues.find((queue) => queue.name === POLL_VOTES_QUEUE);
}

/**
 * Waits until the worker has applied every queued ballot batch; returns the seconds it took. Throws when a
 * batch failed for good or the queue does not drain within `timeoutMs`.
 */
export async function waitForDrain(ctx: ScenarioContext, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  let lastLog = started;
  for (;;) {
    const depth = await votesQueueDepth(ctx);
    if (depth === undefined) throw new Error(`the API does not report a ${POLL_VOTES_QUEUE} queue`);
    if (depth.failed > 0) throw new Error(`${depth.failed} ballot batches failed`);
    const busy = depth.waiting + depth.active + depth.delayed;
    if (busy === 0) return (Date.now() - started) / 1000;
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${busy} ballot batches still queued after ${timeoutMs / 1000} s`);
    }
    if (Date.now() - lastLog >= 5000) {
      ctx.log(`  … draining: ${busy} ballot batches queued`);
      lastLog = Date.now();
    }
    await sleep(250);
  }
}
