import { CreateSubscribers1763700000000 } from './1763700000000-create-subscribers';
import { CreateQueueAppliedBatches1763700000100 } from './1763700000100-create-queue-applied-batches';
import { CreatePolls1763700001000 } from './1763700001000-create-polls';
import { CreatePayments1763700002000 } from './1763700002000-create-payments';
import { CreateDeliverability1763700003000 } from './1763700003000-create-deliverability';
import { CreateAnalytics1763700004000 } from './1763700004000-create-analytics';

/** Every migration in the order it runs. Each later feature appends its own. */
export const MIGRATIONS = [
  CreateSubscribers1763700000000,
  CreateQueueAppliedBatches1763700000100,
  CreatePolls1763700001000,
  CreatePayments1763700002000,
  CreateDeliverability1763700003000,
  CreateAnalytics1763700004000,
];
