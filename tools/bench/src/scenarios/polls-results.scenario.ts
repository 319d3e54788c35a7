import type { Envelope, PollResults } from '@hotpath/contracts';
import { cacheDelta, type CacheMetrics } from '../lib/http';
import type { Scenario } from '../lib/scenario';
import type { ExtraFigure, Verification } from '../lib/summary';
import { formatNumber, formatPercent } from '../lib/table';
import { createSeededPoll, fetchResults, waitForDrain, type BenchPoll } from './polls';

/** The API's default POLL_RESULTS_TTL_SECONDS: no answer may carry results older than this. */
const MAX_AGE_SECONDS = 5;
/** Ballots cast before the load, so the results have something to show. */
const BALLOTS_BEFORE = 200;
/** Every this-many-th answer is parsed to check its age; parsing each would load the load generator. */
const SAMPLE_EVERY = 20;

interface ResultsState {
  poll: BenchPoll;
  metricsBefore: CacheMetrics | undefined;
  responses: number;
  sampled: number;
  maxAgeSeconds: number;
  asOf: Set<string>;
  malformed: number;
}

export const pollsResults: Scenario<ResultsState> = {
  name: 'polls-results',
  description:
    'GET /polls/:id on the seeded poll (results at most 5 s old); sampled answers checked for their age',
  target: { rps: 16_700, p99Ms: 50 },
  needsWorker: true,
  expectedStatuses: [200],

  async setup(ctx) {
    const poll = await createSeededPoll(ctx);
    for (let index = 0; index < BALLOTS_BEFORE; index++) {
      const response = await fetch(new URL(`/polls/${poll.id}/votes`, ctx.api.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          optionIds: poll.optionIds.filter(
            (_, position) => (index >> position) % 2 === 1 || position === index % 5,
          ),
        }),
      });
      if (response.status !== 202)
        throw new Error(`a set-up vote was answered ${response.status}: ${await response.text()}`);
    }
    await waitForDrain(ctx);
    ctx.log(`poll ${poll.id} with ${BALLOTS_BEFORE} ballots counted`);
    return {
      poll,
      metricsBefore: undefined,
      responses: 0,
      sampled: 0,
      maxAgeSeconds: 0,
      asOf: new Set(),
      malformed: 0,
    };
  },

  requests(state) {
    return [
      {
        method: 'GET',
        path: `/polls/${state.poll.id}`,
        // Only every SAMPLE_EVERY-th body is handed over (the others arrive as ''), by autocannon and wrk alike.
        bodySampleEvery: SAMPLE_EVERY,
        onResponse: (status, body) => {
          state.responses++;
          if (status !== 200 || body === '') return;
          state.sampled++;
          try {
            const data = (JSON.parse(body) as Envelope<PollResults>).data;
            state.maxAgeSeconds = Math.max(state.maxAgeSeconds, data.ageSeconds);
            state.asOf.add(data.resultsAsOf);
          } catch {
            state.malformed++;
          }
        },
      },
    ];
  },

  async beforeRuns(ctx, state) {
    state.metricsBefore = await ctx.api.cacheMetrics();
    state.maxAgeSeconds = 0;
    state.asOf.clear();
  },

  async verify(ctx, state): Promise<Verification> {
    const problems: string[] = [];
    const figures: ExtraFigure[] = [];
    if (state.metricsBefore !== undefined) {
      const delta = cacheDelta(state.metricsBefore, await ctx.api.cacheMetrics());
      figures.push({ label: 'cache hit ratio', value: formatPercent(delta.hitRatio) });
    }
    figures.push(
      {
        label: 'max age',
        value: `${state.maxAgeSeconds.toFixed(2)} s of ${formatNumber(state.sampled)} sampled`,
      },
      { label: 'refreshes', value: formatNumber(state.asOf.size) },
    );
    if (state.maxAgeSeconds > MAX_AGE_SECONDS) {
      problems.push(`an answer carried results ${state.maxAgeSeconds} s old (bound ${MAX_AGE_SECONDS} s)`);
    }
    if (state.malformed > 0) problems.push(`${state.malformed} sampled answers were not the results shape`);
    const final = await fetchResults(ctx, state.poll.id);
    if (final.ballots !== BALLOTS_BEFORE) {
      problems.push(
        `GET /polls/${state.poll.id} serves ${final.ballots} ballots, ${BALLOTS_BEFORE} were cast`,
      );
    }
    return { passed: problems.length === 0, figures, problems };
  },
};
