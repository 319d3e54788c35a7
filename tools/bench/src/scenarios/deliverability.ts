import type { EventType, QueueDepth, SystemStatus } from '@hotpath/contracts';
import type { RowDataPacket } from 'mysql2/promise';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RandomSource } from '../lib/emails';
import type { ScenarioContext } from '../lib/scenario';
import type { ExtraFigure } from '../lib/summary';
import { formatNumber } from '../lib/table';

const EVENTS_QUEUE = 'deliverability-events';
/** Most events Mailgun's own load test sends for one domain. */
const MAX_EVENTS_PER_DOMAIN = 2500;
const BOUNCE_SHARE = 0.35;
/** Every 25th domain gets no bounce at all (so some become catch-alls). */
const NO_BOUNCE_EVERY = 25;

export interface DeliveryEvent {
  domain: string;
  type: EventType;
}

interface SenderState {
  domain: string;
  remaining: number;
  bounceShare: number;
}

/**
 * Events shaped like Mailgun's load test: each new random domain gets 1-2,500 events, about 35% of them
 * bounces, every 25th domain none; `concurrent` domains are in progress at once and their events interleave,
 * as they would from many senders. Domain names are unique per bench invocation.
 */
export class MailgunEventStream {
  private readonly senders: SenderState[];
  private domains = 0;
  private readonly token = `${Date.now().toString(36)}${process.pid.toString(36)}`;

  constructor(
    private readonly prefix: string,
    concurrent: number,
    private readonly random: RandomSource = Math.random,
  ) {
    this.senders = Array.from({ length: concurrent }, () => this.newSender());
  }

  next(): DeliveryEvent {
    const index = Math.floor(this.random() * this.senders.length);
    let sender = this.senders[index] as SenderState;
    if (sender.remaining === 0) {
      sender = this.newSender();
      this.senders[index] = sender;
    }
    sender.remaining--;
    return { domain: sender.domain, type: this.random() < sender.bounceShare ? 'bounced' : 'delivered' };
  }

  get domainsStarted(): number {
    return this.domains;
  }

  private newSender(): SenderState {
    this.domains++;
    return {
      domain: `${this.prefix}-${this.token}-${this.domains.toString(36)}.example`,
      remaining: 1 + Math.floor(this.random() * MAX_EVENTS_PER_DOMAIN),
      bounceShare: this.domains % NO_BOUNCE_EVERY === 0 ? 0 : BOUNCE_SHARE,
    };
  }
}

/** Counts per domain as [delivered, bounced]. */
export type CountsByDomain = Map<string, [number, number]>;

export function addEvents(into: CountsByDomain, events: Iterable<DeliveryEvent>): void {
  for (const event of events) {
    const counts = into.get(event.domain) ?? [0, 0];
    if (event.type === 'delivered') counts[0]++;
    else counts[1]++;
    into.set(event.domain, counts);
  }
}

export function addCounts(into: CountsByDomain, from: CountsByDomain): void {
  for (const [domain, [delivered, bounced]] of from) {
    const counts = into.get(domain) ?? [0, 0];
    counts[0] += delivered;
    counts[1] += bounced;
    into.set(domain, counts);
  }
}

const total = (counts: CountsByDomain): number => {
  let sum = 0;
  for (const [delivered, bounced] of counts.values()) sum += delivered + bounced;
  return sum;
};

/** What the load generator sent and what the API acknowledged (204/202), per domain. */
export class EventLedger {
  readonly sent: CountsByDomain = new Map();
  readonly acknowledged: CountsByDomain = new Map();
  serverErrors = 0;

  get sentEvents(): number {
    return total(this.sent);
  }

  get acknowledgedEvents(): number {
    return total(this.acknowledged);
  }
}

async function eventsQueueDepth(ctx: ScenarioContext): Promise<QueueDepth | undefined> {
  const { status, body } = await ctx.api.getJson('/system/status');
  if (status !== 200) throw new Error(`GET /system/status answered ${status}: ${JSON.stringify(body)}`);
  return (body as SystemStatus).queues.find((queue) => queue.name === EVENTS_QUEUE);
}

/**
 * Waits until the worker has applied every queued event batch; returns the seconds it took. The API may still be
 * busy with requests the load generator gave up on (they are applied all the same), so a slow status answer
 * is waited for rather than taken as a failure.
 */
export async function waitForDrain(ctx: ScenarioContext, timeoutMs = 300_000): Promise<number> {
  const started = Date.now();
  let lastLog = started;
  for (;;) {
    let busy: number | string;
    try {
      const depth = await eventsQueueDepth(ctx);
      if (depth === undefined) throw new Error(`the API does not report a ${EVENTS_QUEUE} queue`);
      if (depth.failed > 0) throw new Error(`${depth.failed} event batches failed`);
      busy = depth.waiting + depth.active + depth.delayed;
      if (busy === 0) return (Date.now() - started) / 1000;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
      busy = 'unknown (the API is still answering earlier requests)';
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`event batches still queued after ${timeoutMs / 1000} s: ${busy}`);
    if (Date.now() - lastLog >= 5000) {
      ctx.log(`  … draining: ${busy} event batches queued`);
      lastLog = Date.now();
    }
    await sleep(250);
  }
}

/**
 * Zero loss, checked per domain after the queue drained: every acknowledged event is in MySQL, and nothing
 * more than was sent (events still in flight when a run stopped may or may not have landed).
 */
export async function verifyLedger(
  ctx: ScenarioContext,
  ledger: EventLedger,
  prefix: string,
  problems: string[],
): Promise<ExtraFigure[]> {
  const drainSeconds = await waitForDrain(ctx);
  const rows = await ctx.db.query<
    RowDataPacket & { name: string; delivered: number | string; bounced: number | string }
  >('SELECT name, delivered, bounced FROM domains WHERE name LIKE ?', [`${prefix}-%`]);
  const stored: CountsByDomain = new Map(
    rows.map((row) => [row.name, [Number(row.delivered), Number(row.bounced)]]),
  );
  const lost: string[] = [];
  const extra: string[] = [];
  for (const [domain, [delivered, bounced]] of ledger.acknowledged) {
    const [storedDelivered, storedBounced] = stored.get(domain) ?? [0, 0];
    if (storedDelivered < delivered || storedBounced < bounced) lost.push(domain);
  }
  for (const [domain, [delivered, bounced]] of stored) {
    const [sentDelivered, sentBounced] = ledger.sent.get(domain) ?? [0, 0];
    if (delivered > sentDelivered || bounced > sentBounced) extra.push(domain);
  }
  if (lost.length > 0)
    problems.push(`${lost.length} domains miss acknowledged events, e.g. ${lost.slice(0, 3).join(', ')}`);
  if (extra.length > 0)
    problems.push(
      `${extra.length} domains hold more events than were sent, e.g. ${extra.slice(0, 3).join(', ')}`,
    );
  if (ledger.serverErrors > 0) problems.push(`${ledger.serverErrors} requests failed with 5xx`);

  const storedEvents = total(stored);
  const acknowledged = ledger.acknowledgedEvents;
  const inFlight = ledger.sentEvents - acknowledged;
  ctx.log(
    `events: ${formatNumber(acknowledged)} acknowledged, ${formatNumber(inFlight)} in flight when a run stopped; ` +
      `MySQL holds ${formatNumber(storedEvents)} over ${formatNumber(stored.size)} domains (drained in ${drainSeconds.toFixed(1)} s)`,
  );
  const landed = storedEvents - acknowledged;
  return [
    {
      label: 'stored events',
      value: `${formatNumber(storedEvents)} = acknowledged${landed > 0 ? ` + ${formatNumber(landed)} in flight` : ''}${
        lost.length + extra.length > 0 ? ' (MISMATCH)' : ''
      }`,
    },
    { label: 'domains', value: formatNumber(stored.size) },
    { label: 'drain', value: `${drainSeconds.toFixed(1)} s` },
  ];
}
