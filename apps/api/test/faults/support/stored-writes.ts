import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { Outcome } from './request-streams';

/** What MySQL holds for one write path after the drain, checked against what the clients were told. */
export interface StoredCheck {
  /** Acknowledged writes (2xx) not stored exactly once. */
  lostOrDoubled: string[];
  /** Stored writes no client ever sent (must be none). */
  unknown: string[];
  /** Counters that disagree with the stored rows (must be none). */
  mismatches: string[];
  stored: number;
}

async function rows<T>(sql: Connection, query: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await sql.query<RowDataPacket[]>(query, params);
  return result as T[];
}

function compare(accepted: Outcome[], sent: Outcome[], storedCounts: Map<string, number>): StoredCheck {
  const sentIds = new Set(sent.map((outcome) => outcome.id));
  return {
    lostOrDoubled: accepted
      .filter((outcome) => storedCounts.get(outcome.id) !== 1)
      .map((outcome) => `${outcome.id} stored ${storedCounts.get(outcome.id) ?? 0} times`),
    unknown: [...storedCounts].filter(([id, count]) => !sentIds.has(id) || count !== 1).map(([id]) => id),
    mismatches: [],
    stored: storedCounts.size,
  };
}

/** Ballots by voter (each write has its own voter), and the poll's totals against the ballots. */
export async function checkBallots(sql: Connection, pollId: number, sent: Outcome[], accepted: Outcome[]) {
  const byVoter = await rows<{ voter_id: string; n: number }>(
    sql,
    'SELECT CAST(voter_id AS CHAR) AS voter_id, COUNT(*) AS n FROM ballots WHERE poll_id = ? GROUP BY voter_id',
    [pollId],
  );
  const check = compare(accepted, sent, new Map(byVoter.map((row) => [row.voter_id, Number(row.n)])));
  const [poll] = await rows<{ ballots: number }>(sql, 'SELECT ballots FROM polls WHERE id = ?', [pollId]);
  const [options] = await rows<{ votes: number }>(
    sql,
    'SELECT COALESCE(SUM(votes), 0) AS votes FROM poll_options WHERE poll_id = ?',
    [pollId],
  );
  const ballotRows = byVoter.reduce((sum, row) => sum + Number(row.n), 0);
  if (Number(poll?.ballots) !== ballotRows)
    check.mismatches.push(`polls.ballots ${poll?.ballots} != ${ballotRows} ballots`);
  if (Number(options?.votes) !== ballotRows)
    check.mismatches.push(`option votes ${options?.votes} != ${ballotRows} ballots`);
  return check;
}

/** Users seen per hour (one per write) and the hours' click and unique-user counters against them. */
export async function checkAnalytics(sql: Connection, sent: Outcome[], accepted: Outcome[]) {
  const users = await rows<{ username: string; n: number }>(
    sql,
    'SELECT CAST(username AS CHAR) AS username, COUNT(*) AS n FROM analytics_hour_users GROUP BY username',
  );
  const check = compare(accepted, sent, new Map(users.map((row) => [row.username, Number(row.n)])));
  const [totals] = await rows<{ clicks: number; uniques: number }>(
    sql,
    'SELECT COALESCE(SUM(clicks), 0) AS clicks, COALESCE(SUM(unique_users), 0) AS uniques FROM analytics_hours',
  );
  const userRows = users.reduce((sum, row) => sum + Number(row.n), 0);
  // Every write is one click by a new user: a click counted twice would outnumber the users.
  if (Number(totals?.clicks) !== userRows)
    check.mismatches.push(`clicks ${totals?.clicks} != ${userRows} users`);
  if (Number(totals?.uniques) !== userRows)
    check.mismatches.push(`unique users ${totals?.uniques} != ${userRows}`);
  return check;
}

/** Delivered counts per domain: each write is one event for a domain of its own. */
export async function checkDomains(sql: Connection, sent: Outcome[], accepted: Outcome[]) {
  const domains = await rows<{ name: string; delivered: number; bounced: number }>(
    sql,
    'SELECT CAST(name AS CHAR) AS name, delivered, bounced FROM domains',
  );
  const check = compare(accepted, sent, new Map(domains.map((row) => [row.name, Number(row.delivered)])));
  const bounced = domains.filter((row) => Number(row.bounced) !== 0).map((row) => row.name);
  if (bounced.length > 0) check.mismatches.push(`bounced events nobody sent: ${bounced.join(', ')}`);
  return check;
}

/** Payments by Idempotency-Key: one row per key, the id and cents the client was answered with. */
export async function checkPayments(sql: Connection, sent: Outcome[], accepted: Outcome[]) {
  const keyed = await rows<{ idempotency_key: string; payment_id: number; amount_cents: number }>(
    sql,
    `SELECT CAST(k.idempotency_key AS CHAR) AS idempotency_key, k.payment_id, p.amount_cents
     FROM payment_idempotency_keys k JOIN payments p ON p.id = k.payment_id`,
  );
  const check = compare(accepted, sent, new Map(keyed.map((row) => [row.idempotency_key, 1])));
  const [counts] = await rows<{ payments: number }>(sql, 'SELECT COUNT(*) AS payments FROM payments');
  if (Number(counts?.payments) !== keyed.length) {
    check.mismatches.push(`${counts?.payments} payments for ${keyed.length} Idempotency-Keys`);
  }
  const byKey = new Map(keyed.map((row) => [row.idempotency_key, row]));
  let answeredCents = 0;
  let storedCents = 0;
  for (const outcome of accepted) {
    const row = byKey.get(outcome.id);
    answeredCents += outcome.cents ?? 0;
    storedCents += Number(row?.amount_cents ?? 0);
    if (row !== undefined && Number(row.payment_id) !== outcome.paymentId) {
      check.mismatches.push(`${outcome.id} answered id ${outcome.paymentId}, stored ${row.payment_id}`);
    }
  }
  if (answeredCents !== storedCents)
    check.mismatches.push(`answered ${answeredCents} cents, stored ${storedCents}`);
  return check;
}
