import { hourOf, type AnalyticsEvent } from '@hotpath/contracts';

/** What one batch adds to one hour. */
export interface HourTally {
  hour: number;
  clicks: number;
  impressions: number;
  /** Distinct user names of the batch in this hour, in code-unit order. */
  users: string[];
}

/** Sums a batch per UTC hour, hours in ascending order (the order the worker locks them in). */
export function tallyByHour(events: readonly AnalyticsEvent[]): HourTally[] {
  const byHour = new Map<number, { clicks: number; impressions: number; users: Set<string> }>();
  for (const event of events) {
    const hour = hourOf(event.timestamp);
    let tally = byHour.get(hour);
    if (tally === undefined) {
      tally = { clicks: 0, impressions: 0, users: new Set() };
      byHour.set(hour, tally);
    }
    if (event.kind === 'click') tally.clicks++;
    else tally.impressions++;
    tally.users.add(event.user);
  }
  return [...byHour]
    .sort(([a], [b]) => a - b)
    .map(([hour, tally]) => ({
      hour,
      clicks: tally.clicks,
      impressions: tally.impressions,
      users: [...tally.users].sort(),
    }));
}
