import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import type { JobPayloads } from '../../core/queue/job-payloads';
import { QueueName } from '../../core/queue/queue-names';
import { DeliverabilityService } from './deliverability.service';

/** Refills the Redis counters from MySQL after Redis lost them; the API asks for it when it notices. */
@Processor(QueueName.DeliverabilityRefill)
export class DeliverabilityRefillProcessor {
  private readonly logger = new Logger(DeliverabilityRefillProcessor.name);

  constructor(private readonly deliverability: DeliverabilityService) {}

  @Process()
  async refill(job: Job<JobPayloads[typeof QueueName.DeliverabilityRefill]>): Promise<number> {
    const { domains, complete } = await this.deliverability.refillCounters(async (done) => {
      await job.progress(done);
    });
    if (!complete) throw new Error('Redis was emptied again during the refill; starting over');
    this.logger.log({ message: 'deliverability counters refilled from MySQL', domains });
    return domains;
  }
}
