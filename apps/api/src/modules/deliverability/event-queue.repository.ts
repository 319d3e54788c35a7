import { Injectable } from '@nestjs/common';
import { JobRepository } from '../../core/queue/job.repository';
import { QueueName } from '../../core/queue/queue-names';
import type { DomainDelta } from './domain-deltas';

/** One refill at a time: Bull ignores an add whose job id is waiting or running. */
const REFILL_JOB_ID = 'deliverability-refill';
/** How often one process may ask for a refill while the counters are incomplete. */
const REFILL_REQUEST_INTERVAL_MS = 5000;

/** The deliverability area's queues: event deltas grouped into batch jobs, and refills of the Redis counters. */
@Injectable()
export class EventQueueRepository {
  private lastRefillRequest = 0;

  constructor(private readonly jobs: JobRepository) {}

  /** Resolves once the deltas are in a job stored in Redis; an acknowledged event is never only in memory. */
  enqueue(deltas: DomainDelta[]): Promise<void> {
    return this.jobs.write(QueueName.DeliverabilityEvents, deltas);
  }

  /** Asks the worker to refill the Redis counters from MySQL; at most every few seconds per process. */
  async requestRefill(now = Date.now()): Promise<boolean> {
    if (now - this.lastRefillRequest < REFILL_REQUEST_INTERVAL_MS) return false;
    this.lastRefillRequest = now;
    await this.jobs.add(
      QueueName.DeliverabilityRefill,
      { requestedAt: now },
      { jobId: REFILL_JOB_ID, removeOnFail: true },
    );
    return true;
  }
}
