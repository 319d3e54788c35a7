import { hourOf } from '@hotpath/contracts';
import { countStatus } from '../lib/measurement';
import type { Scenario, ScenarioContext } from '../lib/scenario';
import type { ExtraFigure, Verification } from '../lib/summary';
import { formatNumber } from '../lib/table';
import {
  appliedBatches,
  drawTimestamp,
  eventPath,
  PAST_HOURS,
  redisMemory,
  servedHour,
  storedHours,
  waitForAnalyticsDrain,
  type EventKind,
  type StoredHour,
} from './analytics';

/** Users drawn from; an hour of load sees most of them, so the current hour's unique count is large. */
const USERS = 100_000;
const CLICK_SHARE = 0.25;

/** Per hour: what the load generator sent, what it saw answered 204, and who those events were from. */
interface HourOutcome {
  sent: { click: number; impression: number };
  accepted: { click: number; impression: number };
  /** Users of 204s (all must be counted), and of every request sent (no one else may be). */
  acceptedUsers: Set<string>;
  sentUsers: Set<string>;
}

interface PostState {
  byHour: Map<number, HourOutcome>;
  /** What MySQL held before the load (another scenario of the same run may have written events). */
  before: Map<number, StoredHour>;
  unexpected: number;
}

/** autocannon keeps one context per connection, and a connection has one request in flight at a time. */
interface ConnectionContext {
  hour?: number;
  user?: string;
  kind?: EventKind;
}

function outcomeOf(state: PostState, hour: number): HourOutcome {
  let outcome = state.byHour.get(hour);
  if (outcome === undefined) {
    outcome = {
      sent: { click: 0, impression: 0 },
      accepted: { click: 0, impression: 0 },
      acceptedUsers: new Set(),
      sentUsers: new Set(),
    };
    state.byHour.set(hour, outcome);
  }
  return outcome;
}

export const analyticsPost: Scenario<PostState> = {
  name: 'analytics-post',
  description: `POST /analytics, 95% in the current hour and 5% late (past ${PAST_HOURS} h), ${formatNumber(USERS)} users; counted after the drain`,
  target: { rps: 15_000, p99Ms: 50 },
  needsWorker: true,
  expectedStatuses: [204],

  async setup(ctx) {
    await waitForAnalyticsDrain(ctx);
    const before = await storedHours(ctx);
    if (before.size > 0)
      ctx.log(`MySQL already holds ${before.size} hours; the check compares what the load added`);
    return { byHour: new Map(), before, unexpected: 0 };
  },

  requests(state) {
    return [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const timestamp = drawTimestamp();
          const user = `u${Math.floor(Math.random() * USERS)}`;
          const kind: EventKind = Math.random() < CLICK_SHARE ? 'click' : 'impression';
          const hour = hourOf(timestamp);
          const outcome = outcomeOf(state, hour);
          outcome.sent[kind]++;
          outcome.sentUsers.add(user);
          Object.assign(context as ConnectionContext, { hour, user, kind });
          return { ...request, path: eventPath(timestamp, user, kind) };
        },
        onResponse: (status, _body, context) => {
          const { hour, user, kind } = context as ConnectionContext;
          if (hour === undefined || user === undefined || kind === undefined) return;
          const outcome = outcomeOf(state, hour);
          if (status === 204) {
            outcome.accepted[kind]++;
            outcome.acceptedUsers.add(user);
          } else {
            state.unexpected++;
          }
        },
      },
    ];
  },

  async verify(ctx, state, results): Promise<Verification> {
    const problems: string[] = [];
    ctx.log('waiting for the worker to apply every queued event');
    const drainSeconds = await waitForAnalyticsDrain(ctx);
    const stored = await storedHours(ctx);
    const totals = checkHours(ctx, state, added(stored, state.before), problems);
    const current = hourOf(Date.now());
    await checkServed(ctx, stored, current, problems);
    const batches = await appliedBatches(ctx);
    const memory = await redisMemory(current);
    const currentUsers = stored.get(current)?.uniqueUsers ?? 0;

    const figures: ExtraFigure[] = [
      { label: '204', value: formatNumber(countStatus(results.runs, 204)) },
      { label: 'counted', value: totals },
      { label: 'drain', value: `${drainSeconds.toFixed(1)} s` },
      { label: 'batch', value: `${formatNumber(batches === 0 ? 0 : totalStored(stored) / batches)} events` },
      {
        label: 'redis',
        value: `${formatNumber(memory.hourBytes ?? 0)} B for this hour (${formatNumber(currentUsers)} users), ${memory.hourKeys} hours held`,
      },
    ];
    if (state.unexpected > 0) figures.push({ label: 'not 204', value: formatNumber(state.unexpected) });
    for (const problem of problems) ctx.log(`verification: ${problem}`);
    return { passed: problems.length === 0, figures, problems };
  },
};

/** Per hour, what the load added to MySQL's figures; the user rows counted afresh stay as they are. */
function added(stored: Map<number, StoredHour>, before: Map<number, StoredHour>): Map<number, StoredHour> {
  const delta = new Map<number, StoredHour>();
  for (const [hour, row] of stored) {
    const old = before.get(hour);
    if (old === undefined) delta.set(hour, row);
    else if (row.clicks !== old.clicks || row.impressions !== old.impressions) {
      delta.set(hour, {
        hour,
        clicks: row.clicks - old.clicks,
        impressions: row.impressions - old.impressions,
        uniqueUsers: row.uniqueUsers - old.uniqueUsers,
        userRows: row.userRows - old.userRows,
      });
    }
  }
  return delta;
}

function totalStored(stored: Map<number, { clicks: number; impressions: number }>): number {
  let total = 0;
  for (const hour of stored.values()) total += hour.clicks + hour.impressions;
  return total;
}

/**
 * Zero loss and nothing twice, hour by hour: MySQL's clicks and impressions are at least the 204s and at
 * most the 204s plus the requests cut off unanswered when a run stopped; unique users lie between the users
 * of the 204s and the users of every request sent, and equal the hour's user rows. All of it compares what
 * the load added (its user names are its own, so its new users are all new to MySQL).
 */
function checkHours(
  ctx: ScenarioContext,
  state: PostState,
  stored: Map<number, { clicks: number; impressions: number; uniqueUsers: number; userRows: number }>,
  problems: string[],
): string {
  let accepted = 0;
  let unanswered = 0;
  for (const [hour, outcome] of state.byHour) {
    const row = stored.get(hour) ?? { clicks: 0, impressions: 0, uniqueUsers: 0, userRows: 0 };
    for (const kind of ['click', 'impression'] as const) {
      const counted = kind === 'click' ? row.clicks : row.impressions;
      const open = outcome.sent[kind] - outcome.accepted[kind];
      accepted += outcome.accepted[kind];
      unanswered += open;
      if (counted < outcome.accepted[kind] || counted > outcome.accepted[kind] + open) {
        problems.push(
          `hour ${hour}: ${formatNumber(counted)} ${kind}s counted, ${formatNumber(outcome.accepted[kind])} answered 204 (+${open} unanswered)`,
        );
      }
    }
    if (row.uniqueUsers < outcome.acceptedUsers.size || row.uniqueUsers > outcome.sentUsers.size) {
      problems.push(
        `hour ${hour}: ${formatNumber(row.uniqueUsers)} unique users counted, ${formatNumber(outcome.acceptedUsers.size)} in 204s`,
      );
    }
    if (row.uniqueUsers !== row.userRows) {
      problems.push(`hour ${hour}: unique_users ${row.uniqueUsers} but ${row.userRows} user rows`);
    }
  }
  for (const hour of stored.keys()) {
    if (!state.byHour.has(hour)) problems.push(`hour ${hour} has events the load generator never sent`);
  }
  const total = totalStored(stored);
  ctx.log(
    `events: ${formatNumber(accepted)} answered 204 + ${unanswered} unanswered at a run's end; MySQL counts ${formatNumber(total)} over ${stored.size} hours`,
  );
  const note = total === accepted ? ' = 204s' : ` = 204s + ${total - accepted} of ${unanswered} unanswered`;
  return `${formatNumber(total)}${note}${problems.length === 0 ? '' : ' (MISMATCH)'}`;
}

/** After the drain, GET /analytics serves exactly MySQL's figures for the current hour and a late one. */
async function checkServed(
  ctx: ScenarioContext,
  stored: Map<number, { clicks: number; impressions: number; uniqueUsers: number }>,
  current: number,
  problems: string[],
): Promise<void> {
  const late = [...stored.keys()].filter((hour) => hour < current - 3).sort((a, b) => a - b)[0];
  for (const hour of late === undefined ? [current] : [current, late]) {
    const served = await servedHour(ctx, hour * 3_600_000);
    const row = stored.get(hour) ?? { clicks: 0, impressions: 0, uniqueUsers: 0 };
    if (
      served.clicks !== row.clicks ||
      served.impressions !== row.impressions ||
      served.uniqueUsers !== row.uniqueUsers
    ) {
      problems.push(
        `GET /analytics for hour ${hour} serves ${JSON.stringify(served)}; MySQL has ${JSON.stringify(row)}`,
      );
    }
  }
}
