import { BullModule } from '@nestjs/bull';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { AppliedBatchesRepository } from './applied-batches.repository';
import { BatchApplier } from './batch-applier';
import { JobRepository } from './job.repository';
import { QueueDepths } from './queue-depths';
import { bullPrefix } from './queue-keys';
import { QueueName } from './queue-names';
import { CAPPED_BACKOFF, cappedBackoffMs, DEFAULT_JOB_OPTIONS, MAX_STALLED_COUNT } from './retry-policy';

/** Registers the queues an area owns (import it in the area's module); processors and JobRepository find them by name. */
export function registerQueues(...names: QueueName[]): DynamicModule {
  return BullModule.registerQueue(...names.map((name) => ({ name })));
}

/** The queue layer's own housekeeping queue. */
const coreQueues = registerQueues(QueueName.QueueMaintenance);

/**
 * Bull's connection and the one door to the queues (JobRepository), plus the exactly-once apply of batches.
 * Each area registers its own queues with `QueueModule.forFeature`.
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
          maxStalledCount: MAX_STALLED_COUNT,
          backoffStrategies: { [CAPPED_BACKOFF]: cappedBackoffMs },
        },
      }),
    }),
    coreQueues,
  ],
  providers: [AppliedBatchesRepository, BatchApplier, QueueDepths, JobRepository],
  exports: [AppliedBatchesRepository, BatchApplier, QueueDepths, JobRepository, coreQueues],
})
export class QueueModule {}
