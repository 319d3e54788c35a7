import { subscriberReadScenario } from './subscribers-get';

/** A working set larger than the local tier keeps warm, so Redis and MySQL answer a real share. */
export const subscribersGetSpread = subscriberReadScenario({
  name: 'subscribers-get-spread',
  description:
    'GET /subscribers/:email over 100,000 seeded emails, one at random per request; cache hit ratio',
  emailPrefix: 'get-spread',
  count: 100_000,
});
