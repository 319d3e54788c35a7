import { InjectQueue } from '@nestjs/bull';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { AnalyticsEvent } from '@hotpath/contracts';
import type { Queue } from 'bull';
import { AppConfig } from '../../config/app-config';
import { BatchingProducer } from '../../core/queue/batching-producer';
import { DEFAULT_JOB_OPTIONS } from '../../core/queue/queue.module';
import type { JobPayloads } from '../../core/queue/job-payloads';
import { QueueName } from '../../core/queue/queue-names';

/**
 * The write side's door to the queue: events of concurrent requests travel together as one Bull job.
 * A job keeps being retried for about 17 minutes (10 attempts, backoff doubling from 1 s), so that a MySQL
 * outage of that length loses no acknowledged event.
 */
@Injectable()
export class AnalyticsEventsProducer implements BeforeApplicationShutdown {
  private readonly batching: BatchingProducer<AnalyticsEvent>;

  constructor(
    @InjectQueue(QueueName.AnalyticsEvents) queue: Queue<JobPayloads[typeof QueueName.AnalyticsEvents]>,
    config: AppConfig,
  ) {
    this.batching = new BatchingProducer(queue, {
      maxItems: config.get('ANALYTICS_BATCH_MAX_EVENTS'),
      maxWaitMs: config.get('ANALYTICS_BATCH_MAX_WAIT_MS'),
      jobOptions: { ...DEFAULT_JOB_OPTIONS, attempts: 10 },
    });
  }

  /** Resolves once the event is stored in Redis inside a queued job. */
  add(event: AnalyticsEvent): Promise<void> {
    return this.batching.add(event);
  }

  /** Sends what is collected before the queues close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.batching.close();
  }
}
