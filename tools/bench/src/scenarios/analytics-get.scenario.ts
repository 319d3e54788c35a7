import { HOUR_MS, hourOf } from '@hotpath/contracts';
import type { Scenario, ScenarioContext } from '../lib/scenario';
import type { Verification } from '../lib/summary';
import { formatNumber } from '../lib/table';
import {
  drawTimestamp,
  eventPath,
  PAST_HOURS,
  servedHour,
  storedHours,
  waitForAnalyticsDrain,
  type EventKind,
} from './analytics';

/** Events sent through the API before the load, so that every hour read has figures (and a Redis copy if recent). */
const SEED_EVENTS = 20_000;
const SEED_USERS = 5_000;
const SEED_CONCURRENCY = 50;
const SPOT_CHECKS = 10;

interface GetState {
  hours: number;
}

async function postEvents(ctx: ScenarioContext): Promise<void> {
  const now = Date.now();
  let next = 0;
  const sendOne = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= SEED_EVENTS) return;
      // Every past hour gets some events, and the current hour most of them.
      const timestamp =
        index < PAST_HOURS * 20
          ? (hourOf(now) - 1 - (index % PAST_HOURS)) * HOUR_MS + index
          : drawTimestamp(now);
      const kind: EventKind = index % 4 === 0 ? 'click' : 'impression';
      const response = await fetch(
        new URL(eventPath(timestamp, `seed-${index % SEED_USERS}`, kind), ctx.api.baseUrl),
        {
          method: 'POST',
          signal: AbortSignal.timeout(10_000),
        },
      );
      if (response.status !== 204)
        throw new Error(`POST /analytics answered ${response.status}: ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, sendOne));
}

export const analyticsGet: Scenario<GetState> = {
  name: 'analytics-get',
  description: `GET /analytics, 95% for the current hour and 5% for one of the past ${PAST_HOURS} h; answers checked against MySQL`,
  target: { rps: 16_700, p99Ms: 50 },
  needsWorker: true,
  expectedStatuses: [200],

  async setup(ctx) {
    await postEvents(ctx);
    await waitForAnalyticsDrain(ctx);
    const stored = await storedHours(ctx);
    ctx.log(`sent ${formatNumber(SEED_EVENTS)} events through the API; MySQL holds ${stored.size} hours`);
    return { hours: stored.size };
  },

  requests() {
    return [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: `/analytics?timestamp=${drawTimestamp()}` }),
      },
    ];
  },

  async verify(ctx, state): Promise<Verification> {
    const problems: string[] = [];
    const stored = await storedHours(ctx);
    const current = hourOf(Date.now());
    const hours = [
      current,
      ...Array.from({ length: SPOT_CHECKS - 1 }, (_, index) => current - 1 - ((index * 5) % PAST_HOURS)),
    ];
    for (const hour of hours) {
      const served = await servedHour(ctx, hour * HOUR_MS + 1);
      const row = stored.get(hour) ?? { uniqueUsers: 0, clicks: 0, impressions: 0 };
      if (
        served.uniqueUsers !== row.uniqueUsers ||
        served.clicks !== row.clicks ||
        served.impressions !== row.impressions
      ) {
        problems.push(`hour ${hour}: served ${JSON.stringify(served)}, MySQL has ${JSON.stringify(row)}`);
      }
    }
    if (stored.size !== state.hours)
      problems.push(`MySQL held ${state.hours} hours before the load and ${stored.size} after`);
    return {
      passed: problems.length === 0,
      figures: [{ label: 'spot checks', value: `${hours.length} hours = MySQL` }],
      problems,
    };
  },
};
