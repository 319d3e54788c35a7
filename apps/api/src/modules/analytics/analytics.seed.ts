import type { INestApplicationContext } from '@nestjs/common';
import { HOUR_MS, hourOf, type AnalyticsEvent } from '@hotpath/contracts';
import { AnalyticsService } from './analytics.service';

const SEEDED_HOURS = 24;
const DEMO_USERS = 120;

/**
 * Demo traffic for each of the 24 hours before the current one, applied the way the worker applies a batch.
 * Each hour's batch id is fixed, so running the seed again within the hour adds nothing.
 */
export async function seedAnalytics(app: INestApplicationContext): Promise<string> {
  const analytics = app.get(AnalyticsService);
  const current = hourOf(Date.now());
  let events = 0;
  for (let back = SEEDED_HOURS; back >= 1; back--) {
    const hour = current - back;
    // A daily curve: busier in the (UTC) afternoon than at night.
    const volume = 40 + Math.round(160 * Math.sin((Math.PI * (hour % 24)) / 24) ** 2);
    const items: AnalyticsEvent[] = Array.from({ length: volume }, (_, index) => ({
      timestamp: hour * HOUR_MS + Math.floor((index / volume) * HOUR_MS),
      user: `demo-user-${(index * 7 + hour) % DEMO_USERS}`,
      kind: index % 5 === 0 ? 'click' : 'impression',
    }));
    await analytics.applyBatch({ batchId: `seed-analytics-${hour}`, items });
    events += items.length;
  }
  return `${events} demo events over the ${SEEDED_HOURS} hours before this one (again within the hour: nothing added)`;
}
