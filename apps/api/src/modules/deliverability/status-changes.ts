import { domainStatus, type DomainCounts, type DomainStatus } from '@hotpath/contracts';
import type { DomainDelta } from './domain-deltas';

/** What applying a batch did to the domains' statuses, worked out from their counts after it. */
export interface StatusChanges {
  /** Domains that existed before the batch and now have another status, by their new status. */
  moved: Map<DomainStatus, string[]>;
  /** Change in the number of domains per status (new domains count +1 in theirs). */
  perStatus: Map<DomainStatus, number>;
}

/**
 * `after` holds each domain's counts with the batch applied (read under the batch's row locks), so the counts
 * before it are `after - delta`; a domain whose counts before were zero was inserted by this batch, with the
 * status of its first delta already set.
 */
export function statusChanges(
  deltas: readonly DomainDelta[],
  after: ReadonlyMap<string, DomainCounts>,
): StatusChanges {
  const moved = new Map<DomainStatus, string[]>();
  const perStatus = new Map<DomainStatus, number>();
  const bump = (status: DomainStatus, by: number): void => {
    perStatus.set(status, (perStatus.get(status) ?? 0) + by);
  };
  for (const [domain, delivered, bounced] of deltas) {
    const now = after.get(domain);
    if (now === undefined) throw new Error(`the counts of ${domain} were not read back after the batch`);
    const before: DomainCounts = { delivered: now.delivered - delivered, bounced: now.bounced - bounced };
    const status = domainStatus(now);
    if (before.delivered === 0 && before.bounced === 0) {
      bump(status, 1);
      continue;
    }
    const previous = domainStatus(before);
    if (previous === status) continue;
    bump(previous, -1);
    bump(status, 1);
    const list = moved.get(status);
    if (list === undefined) moved.set(status, [domain]);
    else list.push(domain);
  }
  for (const [status, change] of perStatus) if (change === 0) perStatus.delete(status);
  return { moved, perStatus };
}
