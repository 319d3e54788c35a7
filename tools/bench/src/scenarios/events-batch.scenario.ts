import type { Scenario } from '../lib/scenario';
import { median } from '../lib/stats';
import type { Verification } from '../lib/summary';
import { formatNumber } from '../lib/table';
import {
  addCounts,
  addEvents,
  EventLedger,
  MailgunEventStream,
  verifyLedger,
  type CountsByDomain,
} from './deliverability';

const PREFIX = 'batch';
const EVENTS_PER_REQUEST = 10_000;
/** Distinct bodies prepared up front and sent in turn, so the load generator does not build JSON under load. */
const BODIES = 40;
const CONCURRENT_DOMAINS = 1000;

interface PreparedBody {
  json: string;
  counts: CountsByDomain;
}

interface EventsBatchState {
  bodies: PreparedBody[];
  next: number;
  ledger: EventLedger;
}

type ConnectionContext = { body?: PreparedBody };

/** POST /events with 10,000 Mailgun-shaped events per request (about 1,000 domains each); events/s and zero loss. */
export const eventsBatch: Scenario<EventsBatchState> = {
  name: 'events-batch',
  description: `POST /events, ${formatNumber(EVENTS_PER_REQUEST)} events per request (JSON array); events/s = req/s × ${formatNumber(EVENTS_PER_REQUEST)}`,
  // 10 requests/s of 10,000 events is the 100,000 events/s target.
  target: { rps: 100_000 / EVENTS_PER_REQUEST },
  needsWorker: true,
  // 10,000 events (about 550 KB) per request: a few connections keep the API busy without queueing uploads.
  connections: 16,
  expectedStatuses: [202],

  setup(ctx) {
    const stream = new MailgunEventStream(PREFIX, CONCURRENT_DOMAINS);
    const bodies: PreparedBody[] = [];
    for (let index = 0; index < BODIES; index++) {
      const events = Array.from({ length: EVENTS_PER_REQUEST }, () => stream.next());
      const counts: CountsByDomain = new Map();
      addEvents(counts, events);
      bodies.push({ json: JSON.stringify(events), counts });
    }
    const domains = bodies.reduce((sum, body) => sum + body.counts.size, 0) / BODIES;
    ctx.log(
      `${BODIES} bodies of ${formatNumber(EVENTS_PER_REQUEST)} events prepared, ${formatNumber(domains)} domains each on average`,
    );
    return Promise.resolve({ bodies, next: 0, ledger: new EventLedger() });
  },

  requests(state) {
    const { ledger } = state;
    return [
      {
        method: 'POST',
        path: '/events',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request, context) => {
          const body = state.bodies[state.next % state.bodies.length] as PreparedBody;
          state.next++;
          addCounts(ledger.sent, body.counts);
          (context as ConnectionContext).body = body;
          return { ...request, body: body.json };
        },
        onResponse: (status, _body, context) => {
          const { body } = context as ConnectionContext;
          if (body === undefined) return;
          if (status === 202) addCounts(ledger.acknowledged, body.counts);
          else if (status >= 500) ledger.serverErrors++;
        },
      },
    ];
  },

  async verify(ctx, state, results): Promise<Verification> {
    const problems: string[] = [];
    const medianEvents = median(results.runs.map((run) => run.requestsPerSecond * EVENTS_PER_REQUEST));
    const figures = [
      { label: 'events/s', value: formatNumber(medianEvents) },
      ...(await verifyLedger(ctx, state.ledger, PREFIX, problems)),
    ];
    for (const problem of problems) ctx.log(`verification: ${problem}`);
    return { passed: problems.length === 0, figures, problems };
  },
};
