import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import type { JobPayloads } from '../../core/queue/job-payloads';
import { QueueName } from '../../core/queue/queue-names';
import { DeliverabilityService } from './deliverability.service';

/** Batches applied at once per worker process; concurrent batches lock their rows in name order. */
const CONCURRENCY = 4;

/** Applies batches of event deltas: once to MySQL under the batch id, then (idempotently) to the Redis counters. */
@Processor(QueueName.DeliverabilityEvents)
export class DeliverabilityEventsProcessor {
  constructor(private readonly deliverability: DeliverabilityService) {}

  @Process({ concurrency: CONCURRENCY })
  async apply(
    job: Job<JobPayloads[typeof QueueName.DeliverabilityEvents]>,
  ): Promise<{ applied: boolean; domains: number }> {
    const applied = await this.deliverability.applyBatch(job.data.batchId, job.data.items);
    return { applied, domains: job.data.items.length };
  }
}
