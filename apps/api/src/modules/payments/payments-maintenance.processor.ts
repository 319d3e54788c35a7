import { Process, Processor } from '@nestjs/bull';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bull';
import type { JobPayloads } from '../../core/queue/job-payloads';
import { JobRepository } from '../../core/queue/job.repository';
import { QueueName } from '../../core/queue/queue-names';
import { PaymentsService } from './payments.service';

type MaintenanceJob = JobPayloads[typeof QueueName.PaymentsMaintenance];

/** How often expired Idempotency-Keys and old statistics buckets are removed. */
export const MAINTENANCE_EVERY_MS = 10 * 60_000;

/**
 * Removes Idempotency-Keys older than 24 hours (they are already ignored) and statistics buckets no window
 * reaches. A repeatable job: every worker schedules it under one repeat key, so it runs once per period
 * whatever the number of workers; running it twice deletes nothing more.
 */
@Processor(QueueName.PaymentsMaintenance)
export class PaymentsMaintenanceProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(PaymentsMaintenanceProcessor.name);

  constructor(
    private readonly payments: PaymentsService,
    private readonly jobs: JobRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.repeat(
      QueueName.PaymentsMaintenance,
      { requestedAt: Date.now() },
      'payments-maintenance',
      MAINTENANCE_EVERY_MS,
    );
  }

  @Process()
  async prune(_job: Job<MaintenanceJob>): Promise<{ keys: number; buckets: number }> {
    const removed = await this.payments.prune();
    if (removed.keys + removed.buckets > 0) this.logger.log({ message: 'payments maintenance', ...removed });
    return removed;
  }
}
