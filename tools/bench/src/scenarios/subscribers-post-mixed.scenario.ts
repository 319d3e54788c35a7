import type { CreateSubscriberRequest } from '@hotpath/contracts';
import type { RowDataPacket } from 'mysql2/promise';
import { FreshEmailSequence, mixedEmailSource, seededEmails, type DrawnEmail } from '../lib/emails';
import { countStatus } from '../lib/measurement';
import type { Scenario, ScenarioContext } from '../lib/scenario';
import type { ExtraFigure, Verification } from '../lib/summary';
import { formatNumber } from '../lib/table';

const SEEDED = 10_000;
const NEW_SHARE = 0.1;
const SEED_PREFIX = 'mixed-seed';
const NEW_PREFIX = 'mixed-new';

/** What the load generator saw, per email, across the warm-up and every measured run. */
interface WriteOutcomes {
  sentNew: Set<string>;
  /** New emails that got any answer at all. */
  answeredNew: Set<string>;
  created: Set<string>;
  /** 201s for an email that had already been created: the unique index failed. */
  createdTwice: number;
  /** 201s for a seeded email. */
  createdExisting: number;
  /** 409s for an email no one had sent before. */
  conflictsOnNew: number;
  serverErrors: number;
}

interface PostMixedState {
  seeded: string[];
  draw: () => DrawnEmail;
  outcomes: WriteOutcomes;
}

/** autocannon keeps one context per connection, and a connection has one request in flight at a time. */
type ConnectionContext = Partial<DrawnEmail>;

export const subscribersPostMixed: Scenario<PostMixedState> = {
  name: 'subscribers-post-mixed',
  description:
    'POST /subscribers, 90% seeded emails (409) and 10% new unique ones (201); rows verified after',
  target: { rps: 10_000, p99Ms: 50 },
  expectedStatuses: [201, 409],

  async setup(ctx) {
    const seeded = seededEmails(SEED_PREFIX, SEEDED);
    await ctx.db.seedSubscribers(seeded.map((email) => ({ email })));
    ctx.log(
      `seeded ${formatNumber(seeded.length)} subscribers; ${NEW_SHARE * 100}% of requests will use new emails`,
    );
    return {
      seeded,
      draw: mixedEmailSource(seeded, NEW_SHARE, new FreshEmailSequence(NEW_PREFIX)),
      outcomes: {
        sentNew: new Set(),
        answeredNew: new Set(),
        created: new Set(),
        createdTwice: 0,
        createdExisting: 0,
        conflictsOnNew: 0,
        serverErrors: 0,
      },
    };
  },

  requests(state) {
    const { outcomes } = state;
    return [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request, context) => {
          const drawn = state.draw();
          if (drawn.isNew) outcomes.sentNew.add(drawn.email);
          Object.assign(context, drawn);
          const body: CreateSubscriberRequest = { email: drawn.email, name: 'Bench', lastName: 'Subscriber' };
          return { ...request, path: '/subscribers', body: JSON.stringify(body) };
        },
        onResponse: (status, _body, context) => {
          const { email, isNew } = context as ConnectionContext;
          if (email === undefined) return;
          if (status >= 500) outcomes.serverErrors++;
          if (isNew === true) outcomes.answeredNew.add(email);
          if (status === 201) {
            if (isNew !== true) outcomes.createdExisting++;
            else if (outcomes.created.has(email)) outcomes.createdTwice++;
            else outcomes.created.add(email);
          } else if (status === 409 && isNew === true) {
            outcomes.conflictsOnNew++;
          }
        },
      },
    ];
  },

  async verify(ctx, state, results): Promise<Verification> {
    const { outcomes } = state;
    const problems: string[] = [];
    if (outcomes.createdExisting > 0)
      problems.push(`${outcomes.createdExisting} seeded emails were answered 201`);
    if (outcomes.createdTwice > 0)
      problems.push(`${outcomes.createdTwice} new emails were answered 201 twice`);
    if (outcomes.conflictsOnNew > 0)
      problems.push(`${outcomes.conflictsOnNew} never-sent emails were answered 409`);

    const rows = await checkRows(ctx, state, problems);

    const figures: ExtraFigure[] = [
      { label: '201', value: formatNumber(countStatus(results.runs, 201)) },
      { label: '409', value: formatNumber(countStatus(results.runs, 409)) },
      { label: 'rows', value: rows },
    ];
    if (outcomes.serverErrors > 0) figures.push({ label: '5xx', value: formatNumber(outcomes.serverErrors) });
    for (const problem of problems) ctx.log(`verification: ${problem}`);
    return { passed: problems.length === 0, figures, problems };
  },
};

/**
 * Compares MySQL with what the load generator saw: every 201 email stored exactly once, no duplicates,
 * rows = seeded + 201s (+ new emails whose request was still in flight when a run stopped, which may or may
 * not have landed), and the sharded counters in step with the rows. Returns the row figure for the table.
 */
async function checkRows(ctx: ScenarioContext, state: PostMixedState, problems: string[]): Promise<string> {
  const { outcomes } = state;
  const settled = await ctx.db.waitUntilStable('SELECT COUNT(*) FROM subscribers');
  ctx.log(`writes settled after ${(settled.waitedMs / 1000).toFixed(1)} s`);
  const seededRows = await ctx.db.scalar('SELECT COUNT(*) FROM subscribers WHERE email LIKE ?', [
    `${SEED_PREFIX}-%`,
  ]);
  const newRows = await ctx.db.query<RowDataPacket & { email: string }>(
    'SELECT email FROM subscribers WHERE email LIKE ?',
    [`${NEW_PREFIX}-%`],
  );
  const stored = new Map<string, number>();
  for (const row of newRows) stored.set(row.email, (stored.get(row.email) ?? 0) + 1);

  if (seededRows !== state.seeded.length) {
    problems.push(`${formatNumber(seededRows)} seeded rows instead of ${formatNumber(state.seeded.length)}`);
  }
  const missing = [...outcomes.created].filter((email) => stored.get(email) !== 1);
  if (missing.length > 0) {
    problems.push(
      `${missing.length} emails answered 201 are not stored exactly once, e.g. ${missing.slice(0, 3).join(', ')}`,
    );
  }
  const inFlight = [...outcomes.sentNew].filter((email) => !outcomes.answeredNew.has(email));
  const inFlightSet = new Set(inFlight);
  const landedInFlight = [...stored.keys()].filter((email) => inFlightSet.has(email)).length;
  const unexplained = [...stored.keys()].filter(
    (email) => !outcomes.created.has(email) && !inFlightSet.has(email),
  );
  if (unexplained.length > 0) {
    problems.push(
      `${unexplained.length} stored new emails were never answered 201, e.g. ${unexplained.slice(0, 3).join(', ')}`,
    );
  }
  const expectedRows = state.seeded.length + outcomes.created.size + landedInFlight;
  const actualRows = seededRows + newRows.length;
  if (actualRows !== expectedRows) {
    problems.push(
      `${formatNumber(actualRows)} rows instead of ${formatNumber(expectedRows)} (seeded + 201s + landed in flight)`,
    );
  }

  const duplicates = await ctx.db.query<RowDataPacket & { email: string; n: number }>(
    'SELECT email, COUNT(*) AS n FROM subscribers GROUP BY email HAVING COUNT(*) > 1 LIMIT 5',
  );
  if (duplicates.length > 0) {
    problems.push(`duplicate emails: ${duplicates.map((row) => `${row.email} x${row.n}`).join(', ')}`);
  }
  const counts = await ctx.db.subscriberCounts();
  if (counts.rows !== counts.counted || counts.byStatusMismatch.length > 0) {
    problems.push(
      `status counters say ${formatNumber(counts.counted)} but there are ${formatNumber(counts.rows)} rows` +
        (counts.byStatusMismatch.length > 0 ? ` (off for ${counts.byStatusMismatch.join(', ')})` : ''),
    );
  }

  ctx.log(
    `rows: ${formatNumber(state.seeded.length)} seeded + ${formatNumber(outcomes.created.size)} created (201) + ` +
      `${landedInFlight} of ${inFlight.length} in flight at a run's end = ${formatNumber(expectedRows)}; MySQL has ${formatNumber(actualRows)}`,
  );
  const inFlightNote = landedInFlight > 0 ? ` + ${landedInFlight} in flight` : '';
  return `${formatNumber(actualRows)} = seeded + 201s${inFlightNote}${actualRows === expectedRows ? '' : ' (MISMATCH)'}`;
}
