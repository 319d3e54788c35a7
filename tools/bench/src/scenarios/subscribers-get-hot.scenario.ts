import { subscriberReadScenario } from './subscribers-get';

/** The hot path: a small working set that the local cache tier should answer almost entirely. */
export const subscribersGetHot = subscriberReadScenario({
  name: 'subscribers-get-hot',
  description: 'GET /subscribers/:email over 1,000 seeded emails, one at random per request',
  emailPrefix: 'get-hot',
  count: 1_000,
  target: { rps: 16_700, p99Ms: 20, ratio: 0.5 },
});
