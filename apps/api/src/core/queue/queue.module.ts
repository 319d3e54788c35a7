import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { AppliedBatchesRepository } from './applied-batches.repository';
import { bullPrefix } from './queue-keys';
import { ALL_QUEUES } from './queue-names';

/** Default options of every job: completed jobs are removed, failed ones kept (bounded) for inspection. */
export const DEFAULT_JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: 1000,
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
} as const;

/**
 * Bull's connection, and every queue registered once so that producers, processors and the status
 * endpoint share the same instances.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        url: config.get('REDIS_URL'),
        prefix: bullPrefix(config.get('REDIS_KEY_PREFIX')),
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
        // A worker killed mid-job loses its lock; the job goes back to waiting and runs again elsewhere.
        settings: {
          lockDuration: config.get('QUEUE_LOCK_DURATION_MS'),
          stalledInterval: config.get('QUEUE_STALLED_INTERVAL_MS'),
          maxStalledCount: 10,
        },
      }),
    }),
    BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
  ],
  providers: [AppliedBatchesRepository],
  exports: [BullModule, AppliedBatchesRepository],
})
export class QueueModule {}
