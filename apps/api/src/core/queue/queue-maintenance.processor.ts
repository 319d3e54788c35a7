import { Process, Processor } from '@nestjs/bull';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bull';
import { DataSource } from 'typeorm';
import { AppliedBatchesRepository } from './applied-batches.repository';
import type { JobPayloads } from './job-payloads';
import { JobRepository } from './job.repository';
import { QueueName } from './queue-names';

type MaintenanceJob = JobPayloads[typeof QueueName.QueueMaintenance];

const EVERY_MS = 60 * 60_000;
/**
 * Claims older than this are forgotten. Write jobs retry forever, at most a minute apart, so a job still failing
 * after a week has never committed (its claim is rolled back with it) and needs no claim to be found.
 */
export const APPLIED_BATCH_RETENTION_MS = 7 * 24 * 60 * 60_000;

/**
 * Keeps `queue_applied_batches` bounded: an hourly repeatable job (one schedule however many workers run)
 * deletes claims older than the retention, in slices so no single statement holds locks for long.
 */
@Processor(QueueName.QueueMaintenance)
export class QueueMaintenanceProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(QueueMaintenanceProcessor.name);

  constructor(
    private readonly appliedBatches: AppliedBatchesRepository,
    private readonly dataSource: DataSource,
    private readonly jobs: JobRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.repeat(
      QueueName.QueueMaintenance,
      { requestedAt: Date.now() },
      'queue-maintenance',
      EVERY_MS,
    );
  }

  @Process()
  async prune(_job: Job<MaintenanceJob>): Promise<number> {
    const before = new Date(Date.now() - APPLIED_BATCH_RETENTION_MS);
    let removed = 0;
    for (;;) {
      const slice = await this.appliedBatches.prune(this.dataSource.manager, before);
      removed += slice;
      if (slice === 0) break;
    }
    if (removed > 0) this.logger.log({ message: 'pruned applied-batch claims', removed });
    return removed;
  }
}
