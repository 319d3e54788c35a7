import type { Scenario } from '../lib/scenario';
import type { Verification } from '../lib/summary';
import {
  addEvents,
  EventLedger,
  MailgunEventStream,
  verifyLedger,
  type DeliveryEvent,
} from './deliverability';

const PREFIX = 'put';
/** Domains in progress at once (their events interleave). */
const CONCURRENT_DOMAINS = 1000;

interface EventsPutState {
  stream: MailgunEventStream;
  ledger: EventLedger;
}

/** autocannon keeps one context per connection, and a connection has one request in flight at a time. */
type ConnectionContext = Partial<DeliveryEvent>;

/** The seed's write path: one event per PUT, 204 once it is in a queued batch; zero loss checked per domain. */
export const eventsPut: Scenario<EventsPutState> = {
  name: 'events-put',
  description:
    'PUT /events/:domain/{delivered|bounced}, Mailgun-shaped event stream; per-domain zero-loss check after drain',
  target: { rps: 15_000, p99Ms: 50 },
  needsWorker: true,
  expectedStatuses: [204],

  setup(ctx) {
    ctx.log(`events from ${CONCURRENT_DOMAINS} domains at a time, up to 2,500 each, ~35% bounces`);
    return Promise.resolve({
      stream: new MailgunEventStream(PREFIX, CONCURRENT_DOMAINS),
      ledger: new EventLedger(),
    });
  },

  requests(state) {
    const { stream, ledger } = state;
    return [
      {
        method: 'PUT',
        setupRequest: (request, context) => {
          const event = stream.next();
          addEvents(ledger.sent, [event]);
          Object.assign(context, event);
          return { ...request, path: `/events/${event.domain}/${event.type}` };
        },
        onResponse: (status, _body, context) => {
          const { domain, type } = context as ConnectionContext;
          if (domain === undefined || type === undefined) return;
          if (status === 204) addEvents(ledger.acknowledged, [{ domain, type }]);
          else if (status >= 500) ledger.serverErrors++;
        },
      },
    ];
  },

  async verify(ctx, state): Promise<Verification> {
    const problems: string[] = [];
    const figures = await verifyLedger(ctx, state.ledger, PREFIX, problems);
    for (const problem of problems) ctx.log(`verification: ${problem}`);
    return { passed: problems.length === 0, figures, problems };
  },
};
