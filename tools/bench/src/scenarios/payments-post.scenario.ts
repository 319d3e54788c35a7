import { formatCents, type CreatePaymentRequest } from '@hotpath/contracts';
import { randomUUID } from 'node:crypto';
import type { RowDataPacket } from 'mysql2/promise';
import { countStatus } from '../lib/measurement';
import type { Scenario, ScenarioContext } from '../lib/scenario';
import type { ExtraFigure, Verification } from '../lib/summary';
import { formatNumber } from '../lib/table';

/** Amounts are drawn from 0.01 to this many cents. */
const MAX_CENTS = 100_000;

/** What the load generator saw, per Idempotency-Key (one per request), across the warm-up and every run. */
interface PostOutcomes {
  /** Key → cents, for every request sent. */
  sent: Map<string, number>;
  /** Keys of requests that got any answer. */
  answered: Set<string>;
  /** Keys answered 201. */
  created: Set<string>;
  createdTwice: number;
  serverErrors: number;
}

/** autocannon keeps one context per connection, and a connection has one request in flight at a time. */
interface ConnectionContext {
  key?: string;
}

export const paymentsPost: Scenario<PostOutcomes> = {
  name: 'payments-post',
  description:
    'POST /payments, a new payment with its own Idempotency-Key per request (201 = committed); rows verified after',
  target: { rps: 9_000, p99Ms: 50 },
  expectedStatuses: [201],

  setup() {
    return Promise.resolve({
      sent: new Map(),
      answered: new Set(),
      created: new Set(),
      createdTwice: 0,
      serverErrors: 0,
    });
  },

  requests(state) {
    return [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const key = randomUUID();
          const cents = 1 + Math.floor(Math.random() * MAX_CENTS);
          state.sent.set(key, cents);
          (context as ConnectionContext).key = key;
          const body: CreatePaymentRequest = { amount: formatCents(cents) };
          return {
            ...request,
            path: '/payments',
            headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify(body),
          };
        },
        onResponse: (status, _body, context) => {
          const key = (context as ConnectionContext).key;
          if (key === undefined) return;
          state.answered.add(key);
          if (status >= 500) state.serverErrors++;
          if (status !== 201) return;
          if (state.created.has(key)) state.createdTwice++;
          else state.created.add(key);
        },
      },
    ];
  },

  async verify(ctx, state, results): Promise<Verification> {
    const problems: string[] = [];
    const rows = await checkRows(ctx, state, problems);
    const figures: ExtraFigure[] = [
      { label: '201', value: formatNumber(countStatus(results.runs, 201)) },
      { label: 'rows', value: rows },
    ];
    if (state.serverErrors > 0) figures.push({ label: '5xx', value: formatNumber(state.serverErrors) });
    for (const problem of problems) ctx.log(`verification: ${problem}`);
    return { passed: problems.length === 0, figures, problems };
  },
};

/**
 * Compares MySQL with what the load generator saw, over every request of the warm-up and the runs: each key
 * answered 201 is stored with exactly one payment of the amount sent; no payment exists that was not answered
 * 201 unless its request was still in flight when a run stopped; rows = 201s (+ those in flight that landed);
 * and the per-second statistics buckets add up to the payments. Returns the row figure for the table.
 */
async function checkRows(ctx: ScenarioContext, state: PostOutcomes, problems: string[]): Promise<string> {
  // Requests cut off at a run's end may still commit: wait until nothing moves.
  const { value: rows } = await ctx.db.waitUntilStable('SELECT COUNT(*) FROM payments');
  const stored = await ctx.db.query<
    RowDataPacket & { idempotency_key: string; amount_cents: string | number }
  >(
    `SELECT k.idempotency_key, p.amount_cents FROM payment_idempotency_keys k JOIN payments p ON p.id = k.payment_id`,
  );
  const storedCents = new Map(stored.map((row) => [row.idempotency_key, Number(row.amount_cents)]));

  if (state.createdTwice > 0) problems.push(`${state.createdTwice} keys were answered 201 twice`);
  const missing = [...state.created].filter((key) => storedCents.get(key) !== state.sent.get(key));
  if (missing.length > 0) {
    problems.push(
      `${missing.length} payments answered 201 are not stored as sent, e.g. ${missing.slice(0, 3).join(', ')}`,
    );
  }
  const inFlight = new Set([...state.sent.keys()].filter((key) => !state.answered.has(key)));
  const landedInFlight = [...storedCents.keys()].filter((key) => inFlight.has(key)).length;
  const unexplained = [...storedCents.keys()].filter((key) => !state.created.has(key) && !inFlight.has(key));
  if (unexplained.length > 0) {
    problems.push(
      `${unexplained.length} stored payments were never answered 201, e.g. ${unexplained.slice(0, 3).join(', ')}`,
    );
  }
  if (stored.length !== rows)
    problems.push(`${formatNumber(rows)} payments but ${formatNumber(stored.length)} keys`);
  const expected = state.created.size + landedInFlight;
  if (rows !== expected) {
    problems.push(
      `${formatNumber(rows)} rows instead of ${formatNumber(expected)} (201s + landed in flight)`,
    );
  }

  const bucketCount = await ctx.db.scalar('SELECT COALESCE(SUM(count), 0) FROM payment_stats_seconds');
  const bucketTotal = await ctx.db.scalar('SELECT COALESCE(SUM(total_cents), 0) FROM payment_stats_seconds');
  const paymentTotal = await ctx.db.scalar('SELECT COALESCE(SUM(amount_cents), 0) FROM payments');
  if (bucketCount !== rows || bucketTotal !== paymentTotal) {
    problems.push(
      `statistics buckets hold ${formatNumber(bucketCount)} payments / ${formatNumber(bucketTotal)} cents, ` +
        `the table ${formatNumber(rows)} / ${formatNumber(paymentTotal)}`,
    );
  }

  ctx.log(
    `rows: ${formatNumber(state.created.size)} answered 201 + ${landedInFlight} of ${inFlight.size} in flight at a run's end = ` +
      `${formatNumber(expected)}; MySQL has ${formatNumber(rows)}; buckets count ${formatNumber(bucketCount)}`,
  );
  const inFlightNote = landedInFlight > 0 ? ` + ${landedInFlight} in flight` : '';
  return `${formatNumber(rows)} = 201s${inFlightNote}${rows === expected ? '' : ' (MISMATCH)'}`;
}
