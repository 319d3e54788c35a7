import { BullModule, getQueueToken } from '@nestjs/bull';
import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { AppConfig } from '../../config/app-config';
import { AppliedBatchEntity } from './applied-batch.entity';
import { AppliedBatchesRepository } from './applied-batches.repository';
import { BatchApplier } from './batch-applier';
import { BullConnections } from './bull-connections';
import { JobRepository } from './job.repository';
import { QueueDepths } from './queue-depths';
import { bullPrefix } from './queue-keys';
import { ALL_QUEUES, QueueName } from './queue-names';
import { CAPPED_BACKOFF, cappedBackoffMs, DEFAULT_JOB_OPTIONS, MAX_STALLED_COUNT } from './retry-policy';

/**
 * Registers the queues an area owns (import it in the area's module); processors and JobRepository find them by
 * name. Each queue gets its own key prefix, a Redis Cluster hash tag (see queue-keys).
 */
export function registerQueues(...names: QueueName[]): DynamicModule {
  return BullModule.registerQueueAsync(
    ...names.map((name) => ({
      name,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ prefix: bullPrefix(config.get('REDIS_KEY_PREFIX'), name) }),
    })),
  );
}

/** The queue layer's own housekeeping queue. */
const coreQueues = registerQueues(QueueName.QueueMaintenance);

@Module({
  providers: [
    {
      provide: BullConnections,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new BullConnections(config),
    },
  ],
  exports: [BullConnections],
})
class BullConnectionsModule {}

/**
 * Bull's connections (made by the one Redis factory, single node or cluster) and the one door to the queues (JobRepository), plus the exactly-once apply of batches.
 * Each area registers its own queues with `QueueModule.forFeature`.
 */
@Global()
@Module({
  imports: [
    BullConnectionsModule,
    BullModule.forRootAsync({
      imports: [BullConnectionsModule],
      inject: [AppConfig, BullConnections],
      useFactory: (config: AppConfig, connections: BullConnections) => ({
        createClient: connections.create,
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
    TypeOrmModule.forFeature([AppliedBatchEntity]),
  ],
  providers: [AppliedBatchesRepository, BatchApplier, QueueDepths, JobRepository],
  exports: [AppliedBatchesRepository, BatchApplier, QueueDepths, JobRepository, coreQueues],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly connections: BullConnections,
  ) {}

  /** Queues close first (closing is idempotent, whichever hook runs it first), then their connections. */
  async onApplicationShutdown(): Promise<void> {
    const queues = ALL_QUEUES.flatMap((name) => this.registered(name) ?? []);
    await Promise.allSettled(queues.map((queue) => queue.close()));
    await this.connections.close();
  }

  /** The queue if this process registered it (a process may run only some areas). */
  private registered(name: QueueName): Queue | undefined {
    try {
      return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
    } catch {
      return undefined;
    }
  }
}
