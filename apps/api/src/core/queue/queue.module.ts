import { BullModule, getQueueToken } from '@nestjs/bull';
import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { AppConfig } from '../../config/app-config';
import { AppliedBatchesRepository } from './applied-batches.repository';
import { BullConnections } from './bull-connections';
import { bullPrefix } from './queue-keys';
import { ALL_QUEUES } from './queue-names';

/** Default options of every job: completed jobs are removed, failed ones kept (bounded) for inspection. */
export const DEFAULT_JOB_OPTIONS = {
  removeOnComplete: true,
  removeOnFail: 1000,
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
} as const;

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
 * Bull's connection, and every queue registered once so that producers, processors and the status
 * endpoint share the same instances. Each queue has its own key prefix (a cluster hash tag, see queue-keys).
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
          maxStalledCount: 10,
        },
      }),
    }),
    BullModule.registerQueueAsync(
      ...ALL_QUEUES.map((name) => ({
        name,
        inject: [AppConfig],
        useFactory: (config: AppConfig) => ({ prefix: bullPrefix(config.get('REDIS_KEY_PREFIX'), name) }),
      })),
    ),
  ],
  providers: [AppliedBatchesRepository],
  exports: [BullModule, AppliedBatchesRepository],
})
export class QueueModule implements OnApplicationShutdown {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly connections: BullConnections,
  ) {}

  /** Queues close first (closing is idempotent, whichever hook runs it first), then their connections. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(
      ALL_QUEUES.map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }).close()),
    );
    await this.connections.close();
  }
}
