import { InjectQueue } from '@nestjs/bull';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../../config/app-config';
import { BatchingProducer } from '../../core/queue/batching-producer';
import type { JobPayloads } from '../../core/queue/job-payloads';
import { DEFAULT_JOB_OPTIONS } from '../../core/queue/queue.module';
import { QueueName } from '../../core/queue/queue-names';
import type { DomainDelta } from './domain-deltas';

/** A batch is sent when it holds this many domain deltas, or once its first delta has waited the configured time. */
const BATCH_MAX_DELTAS = 5000;
/** Acknowledged events must survive a long MySQL outage: 12 attempts with backoff doubling from 1 s, about an hour. */
const BATCH_JOB_ATTEMPTS = 12;
/** One refill at a time: Bull ignores an add whose job id is waiting or running. */
const REFILL_JOB_ID = 'deliverability-refill';
/** How often one process may ask for a refill while the counters are incomplete. */
const REFILL_REQUEST_INTERVAL_MS = 5000;

/** The deliverability area's queues: event deltas grouped into batch jobs, and refills of the Redis counters. */
@Injectable()
export class EventQueueRepository implements BeforeApplicationShutdown {
  private readonly producer: BatchingProducer<DomainDelta>;
  private lastRefillRequest = 0;

  constructor(
    @InjectQueue(QueueName.DeliverabilityEvents)
    events: Queue<JobPayloads[typeof QueueName.DeliverabilityEvents]>,
    @InjectQueue(QueueName.DeliverabilityRefill)
    private readonly refills: Queue<JobPayloads[typeof QueueName.DeliverabilityRefill]>,
    config: AppConfig,
  ) {
    this.producer = new BatchingProducer(events, {
      maxItems: BATCH_MAX_DELTAS,
      maxWaitMs: config.get('DELIVERABILITY_BATCH_MAX_WAIT_MS'),
      jobOptions: { ...DEFAULT_JOB_OPTIONS, attempts: BATCH_JOB_ATTEMPTS },
    });
  }

  /** Resolves once the deltas are in a job stored by Bull; an acknowledged event is never only in memory. */
  enqueue(deltas: DomainDelta[]): Promise<void> {
    return this.producer.addMany(deltas);
  }

  /** Asks the worker to refill the Redis counters from MySQL; at most every few seconds per process. */
  async requestRefill(now = Date.now()): Promise<boolean> {
    if (now - this.lastRefillRequest < REFILL_REQUEST_INTERVAL_MS) return false;
    this.lastRefillRequest = now;
    await this.refills.add(
      { requestedAt: now },
      { jobId: REFILL_JOB_ID, removeOnComplete: true, removeOnFail: true },
    );
    return true;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.producer.close();
  }
}
