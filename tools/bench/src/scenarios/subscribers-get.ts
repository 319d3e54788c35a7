import type { Envelope, Subscriber } from '@hotpath/contracts';
import { pickRandom, seededEmails } from '../lib/emails';
import { cacheDelta, type CacheMetrics } from '../lib/http';
import type { Scenario } from '../lib/scenario';
import type { Target, Verification } from '../lib/summary';
import { formatNumber, formatPercent } from '../lib/table';

interface SubscriberReadState {
  emails: string[];
  metricsBefore: CacheMetrics | undefined;
}

/** Responses checked by hand after the load, to see that the fast answers are also the right ones. */
const SPOT_CHECKS = 5;

/**
 * GET /subscribers/:email over `count` seeded subscribers, each request for one of them at random.
 * Reports the cache hit ratio over the measured runs (from hotpath_cache_requests_total on the metrics port) and spot-checks bodies.
 */
export function subscriberReadScenario(options: {
  name: string;
  description: string;
  emailPrefix: string;
  count: number;
  target?: Target;
}): Scenario<SubscriberReadState> {
  return {
    name: options.name,
    description: options.description,
    target: options.target,
    expectedStatuses: [200],

    async setup(ctx) {
      const emails = seededEmails(options.emailPrefix, options.count);
      await ctx.db.seedSubscribers(emails.map((email) => ({ email })));
      ctx.log(`seeded ${formatNumber(emails.length)} subscribers`);
      return { emails, metricsBefore: undefined };
    },

    requests(state) {
      return [
        {
          method: 'GET',
          setupRequest: (request) => ({
            ...request,
            path: `/subscribers/${encodeURIComponent(pickRandom(state.emails))}`,
          }),
        },
      ];
    },

    async beforeRuns(ctx, state) {
      state.metricsBefore = await ctx.api.cacheMetrics();
    },

    async verify(ctx, state): Promise<Verification> {
      const problems: string[] = [];
      const figures = [];
      if (state.metricsBefore !== undefined) {
        const delta = cacheDelta(state.metricsBefore, await ctx.api.cacheMetrics());
        figures.push(
          { label: 'cache hit ratio', value: formatPercent(delta.hitRatio) },
          { label: 'cache misses', value: formatNumber(delta.misses) },
        );
      }
      for (let check = 0; check < SPOT_CHECKS; check++) {
        const email = pickRandom(state.emails);
        const { status, body } = await ctx.api.getJson(`/subscribers/${encodeURIComponent(email)}`);
        const answered = (body as Partial<Envelope<Subscriber>> | null)?.data?.email;
        if (status !== 200 || answered !== email) {
          problems.push(`GET /subscribers/${email} answered ${status} with ${JSON.stringify(body)}`);
        }
      }
      return { passed: problems.length === 0, figures, problems };
    },
  };
}
