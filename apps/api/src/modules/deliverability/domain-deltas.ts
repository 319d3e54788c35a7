import { type DeliveryEvent, type DomainCounts } from '@hotpath/contracts';

/** Events of one domain summed: what a batch adds to that domain's counters. Compact for the queue payload. */
export type DomainDelta = [domain: string, delivered: number, bounced: number];

/** Sums events per domain, so 10,000 events over a few domains travel and apply as a few deltas. */
export function eventsToDeltas(events: readonly DeliveryEvent[]): DomainDelta[] {
  const byDomain = new Map<string, DomainDelta>();
  for (const event of events) {
    let delta = byDomain.get(event.domain);
    if (delta === undefined) {
      delta = [event.domain, 0, 0];
      byDomain.set(event.domain, delta);
    }
    if (event.type === 'delivered') delta[1]++;
    else delta[2]++;
  }
  return [...byDomain.values()];
}

/** Merges the deltas of several requests that share a batch, sorted by domain (the order rows are locked in). */
export function mergeDeltas(deltas: readonly DomainDelta[]): DomainDelta[] {
  const byDomain = new Map<string, DomainDelta>();
  for (const [domain, delivered, bounced] of deltas) {
    const merged = byDomain.get(domain);
    if (merged === undefined) byDomain.set(domain, [domain, delivered, bounced]);
    else {
      merged[1] += delivered;
      merged[2] += bounced;
    }
  }
  return [...byDomain.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export const countsOf = (delta: DomainDelta): DomainCounts => ({ delivered: delta[1], bounced: delta[2] });
