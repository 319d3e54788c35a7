import type { INestApplicationContext } from '@nestjs/common';
import { seedSubscribers } from '../modules/subscribers/subscribers.seed';

export interface Seeder {
  area: string;
  run: (app: INestApplicationContext) => Promise<string>;
}

/** Demo data of each area, in order; each area adds its own. */
export const SEEDERS: Seeder[] = [{ area: 'subscribers', run: seedSubscribers }];
