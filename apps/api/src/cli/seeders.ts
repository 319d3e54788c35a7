import type { INestApplicationContext } from '@nestjs/common';
import { seedAnalytics } from '../modules/analytics/analytics.seed';
import { seedPayments } from '../modules/payments/payments.seed';
import { seedPolls } from '../modules/polls/polls.seed';
import { seedSubscribers } from '../modules/subscribers/subscribers.seed';
import { seedDeliverability } from '../modules/deliverability/deliverability.seed';

export interface Seeder {
  area: string;
  run: (app: INestApplicationContext) => Promise<string>;
}

/** Demo data of each area, in order; each area adds its own. */
export const SEEDERS: Seeder[] = [
  { area: 'subscribers', run: seedSubscribers },
  { area: 'polls', run: seedPolls },
  { area: 'payments', run: seedPayments },
  { area: 'analytics', run: seedAnalytics },
  { area: 'deliverability', run: seedDeliverability },
];
