import type { Scenario } from '../lib/scenario';
import { pollsResults } from './polls-results.scenario';
import { pollsVote } from './polls-vote.scenario';
import { subscribersGetHot } from './subscribers-get-hot.scenario';
import { subscribersGetSpread } from './subscribers-get-spread.scenario';
import { subscribersPostMixed } from './subscribers-post-mixed.scenario';
import { domainsGet } from './domains-get.scenario';
import { eventsBatch } from './events-batch.scenario';
import { eventsPut } from './events-put.scenario';
import { analyticsGet } from './analytics-get.scenario';
import { analyticsPost } from './analytics-post.scenario';
import { paymentsPost } from './payments-post.scenario';
import { paymentsStats } from './payments-stats.scenario';

/** Every scenario, in the order `all` runs them. Add a scenario here after writing its file. */
export const SCENARIOS: readonly Scenario[] = [
  subscribersGetHot,
  subscribersGetSpread,
  subscribersPostMixed,
  pollsVote,
  pollsResults,
  eventsPut,
  eventsBatch,
  domainsGet,
  analyticsPost,
  analyticsGet,
  paymentsPost,
  paymentsStats,
];
