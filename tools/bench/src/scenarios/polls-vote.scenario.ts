import type { RowDataPacket } from 'mysql2/promise';
import { setTimeout as sleep } from 'node:timers/promises';
import { countStatus } from '../lib/measurement';
import type { Scenario, ScenarioContext } from '../lib/scenario';
import type { ExtraFigure, Verification } from '../lib/summary';
import { formatNumber } from '../lib/table';
import { createSeededPoll, fetchResults, waitForDrain, type BenchPoll } from './polls';

/** What the load generator sent and saw, per ballot, across the warm-up and every measured run. */
interface VoteOutcomes {
  /** voterId → index into `subsets` of the options it named. */
  sent: Map<string, number>;
  answered: Set<string>;
  accepted: Set<string>;
  serverErrors: number;
}

interface VoteState {
  poll: BenchPoll;
  /** Every non-empty set of the poll's options. */
  subsets: number[][];
  /** The request body up to the voter id, one per subset. */
  bodyHeads: string[];
  nextVoter: () => string;
  outcomes: VoteOutcomes;
}

/** autocannon keeps one context per connection, and a connection has one request in flight at a time. */
interface ConnectionContext {
  voterId?: string;
}

function nonEmptySubsets(ids: readonly number[]): number[][] {
  const subsets: number[][] = [];
  for (let mask = 1; mask < 1 << ids.length; mask++)
    subsets.push(ids.filter((_, bit) => (mask >> bit) % 2 === 1));
  return subsets;
}

export const pollsVote: Scenario<VoteState> = {
  name: 'polls-vote',
  description:
    'POST /polls/:id/votes on the seeded multiple-choice poll, random options, a unique voterId each; counted after the drain',
  target: { rps: 12_000, p99Ms: 50 },
  needsWorker: true,
  expectedStatuses: [202],

  async setup(ctx) {
    const poll = await createSeededPoll(ctx);
    const subsets = nonEmptySubsets(poll.optionIds);
    // A unique voter id per ballot lets the check find each accepted ballot in MySQL.
    const token = `${Date.now().toString(36)}${process.pid.toString(36)}-`;
    let voters = 0;
    ctx.log(
      `poll ${poll.id} with ${poll.optionIds.length} options; every request names one of ${subsets.length} option sets`,
    );
    return {
      poll,
      subsets,
      bodyHeads: subsets.map((subset) => `{"optionIds":${JSON.stringify(subset)},"voterId":"`),
      nextVoter: () => `${token}${(++voters).toString(36)}`,
      outcomes: { sent: new Map(), answered: new Set(), accepted: new Set(), serverErrors: 0 },
    };
  },

  requests(state) {
    const { outcomes } = state;
    const path = `/polls/${state.poll.id}/votes`;
    return [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request, context) => {
          const subset = Math.floor(Math.random() * state.subsets.length);
          const voterId = state.nextVoter();
          outcomes.sent.set(voterId, subset);
          (context as ConnectionContext).voterId = voterId;
          return { ...request, path, body: `${state.bodyHeads[subset]}${voterId}"}` };
        },
        onResponse: (status, _body, context) => {
          const { voterId } = context as ConnectionContext;
          if (voterId === undefined) return;
          outcomes.answered.add(voterId);
          if (status === 202) outcomes.accepted.add(voterId);
          else if (status >= 500) outcomes.serverErrors++;
        },
      },
    ];
  },

  async verify(ctx, state, results): Promise<Verification> {
    const problems: string[] = [];
    ctx.log('waiting for the worker to apply every queued ballot');
    const drainSeconds = await waitForDrain(ctx);
    const drainedAt = Date.now();
    const ballots = await checkBallots(ctx, state, problems);
    await checkServedTotals(ctx, state, ballots.totals, drainedAt, problems);

    const figures: ExtraFigure[] = [
      { label: '202', value: formatNumber(countStatus(results.runs, 202)) },
      { label: 'ballots', value: ballots.figure },
      { label: 'drain', value: `${drainSeconds.toFixed(1)} s` },
      { label: 'batch', value: `${formatNumber(ballots.averageBatch)} ballots` },
    ];
    if (state.outcomes.serverErrors > 0)
      figures.push({ label: '5xx', value: formatNumber(state.outcomes.serverErrors) });
    for (const problem of problems) ctx.log(`verification: ${problem}`);
    return { passed: problems.length === 0, figures, problems };
  },
};

/**
 * Compares MySQL with what the load generator saw: every 202 stored exactly once, nothing stored that was not
 * sent, rows = 202s (+ ballots whose request was still in flight when a run stopped, which may or may not have
 * landed), the poll's ballot counter = rows, and each option's total = the ballots naming it, both as the load
 * generator sent them and as the ballot records say.
 */
async function checkBallots(
  ctx: ScenarioContext,
  state: VoteState,
  problems: string[],
): Promise<{ figure: string; totals: Map<number, number>; averageBatch: number }> {
  const { outcomes, poll } = state;
  const rows = await ctx.db.query<RowDataPacket & { voter_id: string; option_ids: string }>(
    'SELECT voter_id, option_ids FROM ballots WHERE poll_id = ?',
    [poll.id],
  );
  const stored = new Map<string, number>();
  const fromRecords = new Map<number, number>();
  for (const row of rows) {
    stored.set(row.voter_id, (stored.get(row.voter_id) ?? 0) + 1);
    for (const id of JSON.parse(row.option_ids) as number[])
      fromRecords.set(id, (fromRecords.get(id) ?? 0) + 1);
  }

  const missing = [...outcomes.accepted].filter((voterId) => stored.get(voterId) !== 1);
  if (missing.length > 0) {
    problems.push(
      `${formatNumber(missing.length)} ballots answered 202 are not stored exactly once, e.g. ${missing.slice(0, 3).join(', ')}`,
    );
  }
  const twice = [...stored].filter(([, count]) => count > 1);
  if (twice.length > 0) problems.push(`${formatNumber(twice.length)} ballots are stored more than once`);
  const landedInFlight = [...stored.keys()].filter(
    (voterId) =>
      !outcomes.accepted.has(voterId) && outcomes.sent.has(voterId) && !outcomes.answered.has(voterId),
  ).length;
  const unexplained = [...stored.keys()].filter(
    (voterId) =>
      !outcomes.accepted.has(voterId) && (!outcomes.sent.has(voterId) || outcomes.answered.has(voterId)),
  );
  if (unexplained.length > 0) {
    problems.push(
      `${formatNumber(unexplained.length)} stored ballots were never answered 202, e.g. ${unexplained.slice(0, 3).join(', ')}`,
    );
  }

  const expected = new Map<number, number>(poll.optionIds.map((id) => [id, 0]));
  for (const voterId of stored.keys()) {
    const subset = state.subsets[outcomes.sent.get(voterId) ?? -1] ?? [];
    for (const id of subset) expected.set(id, (expected.get(id) ?? 0) + 1);
  }
  const options = await ctx.db.query<RowDataPacket & { id: number; label: string; votes: number | string }>(
    'SELECT id, label, votes FROM poll_options WHERE poll_id = ? ORDER BY position',
    [poll.id],
  );
  const totals = new Map(options.map((option) => [Number(option.id), Number(option.votes)]));
  for (const option of options) {
    const id = Number(option.id);
    const counted = Number(option.votes);
    if (counted !== expected.get(id) || counted !== (fromRecords.get(id) ?? 0)) {
      problems.push(
        `${option.label}: total ${formatNumber(counted)}, ballots sent naming it ${formatNumber(expected.get(id) ?? 0)}, ` +
          `ballot records naming it ${formatNumber(fromRecords.get(id) ?? 0)}`,
      );
    }
  }
  const counter = await ctx.db.scalar('SELECT ballots FROM polls WHERE id = ?', [poll.id]);
  if (counter !== rows.length) {
    problems.push(
      `the poll's ballot counter says ${formatNumber(counter)} but ${formatNumber(rows.length)} ballots are stored`,
    );
  }
  const expectedRows = outcomes.accepted.size + landedInFlight;
  if (rows.length !== expectedRows) {
    problems.push(
      `${formatNumber(rows.length)} ballots stored instead of ${formatNumber(expectedRows)} (202s + landed in flight)`,
    );
  }
  const batches = await ctx.db.scalar(
    "SELECT COUNT(*) FROM queue_applied_batches WHERE queue = 'poll-votes'",
  );

  const inFlight = outcomes.sent.size - outcomes.answered.size;
  ctx.log(
    `ballots: ${formatNumber(outcomes.accepted.size)} answered 202 + ${landedInFlight} of ${inFlight} in flight at a run's end ` +
      `= ${formatNumber(expectedRows)}; MySQL has ${formatNumber(rows.length)} in ${formatNumber(batches)} batches`,
  );
  const inFlightNote = landedInFlight > 0 ? ` + ${landedInFlight} in flight` : '';
  return {
    figure: `${formatNumber(rows.length)} = 202s${inFlightNote}${rows.length === expectedRows ? '' : ' (MISMATCH)'}`,
    totals,
    averageBatch: batches === 0 ? 0 : rows.length / batches,
  };
}

/** Once results computed after the drain are served (at most the results bound later), they match MySQL. */
async function checkServedTotals(
  ctx: ScenarioContext,
  state: VoteState,
  totals: Map<number, number>,
  drainedAt: number,
  problems: string[],
): Promise<void> {
  const deadline = drainedAt + 10_000;
  let served = await fetchResults(ctx, state.poll.id);
  while (Date.parse(served.resultsAsOf) < drainedAt && Date.now() < deadline) {
    await sleep(250);
    served = await fetchResults(ctx, state.poll.id);
  }
  if (Date.parse(served.resultsAsOf) < drainedAt) {
    problems.push(
      `GET /polls/${state.poll.id} still served results as of ${served.resultsAsOf} 10 s after the drain`,
    );
    return;
  }
  const ballots = await ctx.db.scalar('SELECT ballots FROM polls WHERE id = ?', [state.poll.id]);
  const off = served.options.filter((option) => option.votes !== totals.get(option.id));
  if (served.ballots !== ballots || off.length > 0) {
    problems.push(
      `GET /polls/${state.poll.id} serves ${formatNumber(served.ballots)} ballots and totals ` +
        `${served.options.map((option) => option.votes).join('/')}; MySQL has ${formatNumber(ballots)} and ` +
        `${state.poll.optionIds.map((id) => totals.get(id) ?? 0).join('/')}`,
    );
  }
}
