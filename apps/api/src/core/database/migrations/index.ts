import { CreateSubscribers1763700000000 } from './1763700000000-create-subscribers';
import { CreateQueueAppliedBatches1763700000100 } from './1763700000100-create-queue-applied-batches';

/** Every migration in the order it runs. Each later feature appends its own. */
export const MIGRATIONS = [CreateSubscribers1763700000000, CreateQueueAppliedBatches1763700000100];
