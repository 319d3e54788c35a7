import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import type { JobPayloads } from '../../core/queue/job-payloads';
import { QueueName } from '../../core/queue/queue-names';
import { AnalyticsService, type AppliedBatch } from './analytics.service';

/**
 * Applies each queued batch of clicks and impressions. A batch runs again after a crash or a failure;
 * the applied-batches guard makes MySQL take it once, and Redis only ever takes newer copies of an hour.
 */
@Processor(QueueName.AnalyticsEvents)
export class AnalyticsEventsProcessor {
  constructor(private readonly analytics: AnalyticsService) {}

  @Process()
  async apply(job: Job<JobPayloads[typeof QueueName.AnalyticsEvents]>): Promise<AppliedBatch> {
    return this.analytics.applyBatch(job.data);
  }
}
