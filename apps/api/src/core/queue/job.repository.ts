import { getQueueToken } from '@nestjs/bull';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobCounts, Queue } from 'bull';
import { AppConfig } from '../../config/app-config';
import { ServiceUnavailableError } from '../errors/service-unavailable.error';
import { BatchingProducer, type BatchJob } from './batching-producer';
import { withDeadline } from './deadline';
import type { JobPayloads } from './job-payloads';
import { QueueDepths } from './queue-depths';
import { ALL_QUEUES, type QueueName } from './queue-names';
import { DEFAULT_JOB_OPTIONS, WRITE_JOB_OPTIONS } from './retry-policy';
import { batchLimits, WRITE_QUEUES, type WriteItem, type WriteQueueName } from './write-queues';

/** Connection states of Bull's ioredis client in which a command would only wait in the offline queue. */
const DISCONNECTED = new Set(['reconnecting', 'close', 'end']);

export interface SingleJobOptions {
  /** Bull ignores an add whose job id is already waiting or running: one job per id at a time. */
  jobId?: string;
  removeOnFail?: boolean | number;
}

/**
 * The one door to the queues (areas never touch Bull). Writes are grouped into batch jobs per write queue and
 * each caller's promise settles only once its batch is stored in Redis: an acknowledged write is never only in
 * memory. Every wait is bounded: a write that cannot be stored within WRITE_ACK_TIMEOUT_MS, or that finds
 * WRITE_BEHIND_MAX_PENDING jobs already waiting, fails with a ServiceUnavailableError (503 at the HTTP edge).
 */
@Injectable()
export class JobRepository implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRepository.name);
  private readonly producers = new Map<WriteQueueName, BatchingProducer<unknown>>();
  /** Queues found so far: every write asks for its queue, so the lookup is made once per name. */
  private readonly queues = new Map<QueueName, Queue>();
  private readonly ackTimeoutMs: number;
  private readonly maxPending: number;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly depths: QueueDepths,
    private readonly config: AppConfig,
  ) {
    this.ackTimeoutMs = config.get('WRITE_ACK_TIMEOUT_MS');
    this.maxPending = config.get('WRITE_BEHIND_MAX_PENDING');
  }

  /** Counts failed attempts of write jobs processed here (the worker), for /system/status. */
  onModuleInit(): void {
    for (const name of WRITE_QUEUES) {
      this.find(name)?.on('failed', (job, error) => {
        this.logger.warn({
          message: 'write batch failed; it will be retried',
          queue: name,
          jobId: job.id,
          attemptsMade: job.attemptsMade,
          error: String(error),
        });
        this.depths.countFailedAttempt(name).catch(() => undefined);
      });
    }
  }

  /**
   * Resolves once the items are in a job stored in Redis (grouped with concurrent writers' items); rejects with a
   * ServiceUnavailableError when that cannot happen within WRITE_ACK_TIMEOUT_MS or the queue is full.
   */
  async write<Q extends WriteQueueName>(queue: Q, items: ReadonlyArray<WriteItem<Q>>): Promise<void> {
    if (items.length === 0) return;
    const producer = this.producer(queue);
    if (DISCONNECTED.has(this.get(queue).client.status)) {
      throw new ServiceUnavailableError('QUEUE_UNAVAILABLE');
    }
    const deadlineAt = Date.now() + this.ackTimeoutMs;
    await withDeadline(
      this.admit(queue, producer, items, deadlineAt),
      this.ackTimeoutMs,
      () => new ServiceUnavailableError('QUEUE_UNAVAILABLE'),
    );
  }

  /** Adds one job, with the same bound on the wait as a write. */
  async add<Q extends QueueName>(
    queue: Q,
    payload: JobPayloads[Q],
    options: SingleJobOptions = {},
  ): Promise<void> {
    const adding = this.get(queue).add(payload, { ...DEFAULT_JOB_OPTIONS, ...options });
    try {
      await withDeadline(adding, this.ackTimeoutMs, () => new ServiceUnavailableError('QUEUE_UNAVAILABLE'));
    } catch (error) {
      if (error instanceof ServiceUnavailableError) throw error;
      throw new ServiceUnavailableError('QUEUE_UNAVAILABLE', 1, error);
    }
  }

  /** Schedules a repeatable job once for all processes (one schedule per job id however many workers run). */
  async repeat<Q extends QueueName>(
    queue: Q,
    payload: JobPayloads[Q],
    jobId: string,
    everyMs: number,
  ): Promise<void> {
    await this.get(queue).add(payload, { ...DEFAULT_JOB_OPTIONS, jobId, repeat: { every: everyMs } });
  }

  /** Bull's counts for each queue registered in this process. */
  async counts(): Promise<Array<{ name: QueueName; counts: JobCounts }>> {
    const found = ALL_QUEUES.flatMap((name) => {
      const queue = this.find(name);
      return queue === undefined ? [] : [{ name, queue }];
    });
    return Promise.all(found.map(async ({ name, queue }) => ({ name, counts: await queue.getJobCounts() })));
  }

  /** Sends what is collected before the queues close. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.producers.values()].map((producer) => producer.close()));
  }

  private async admit(
    queue: WriteQueueName,
    producer: BatchingProducer<unknown>,
    items: readonly unknown[],
    deadlineAt: number,
  ): Promise<void> {
    let pending: number | undefined;
    try {
      pending = await this.depths.pending(queue);
    } catch {
      // Depth unknown (Redis trouble): storing the job decides, within the same deadline.
    }
    // The caller has had its 503 if the depth came too late: the items must not be queued after that answer.
    if (Date.now() >= deadlineAt) throw new ServiceUnavailableError('QUEUE_UNAVAILABLE');
    if (pending !== undefined && pending >= this.maxPending) throw new ServiceUnavailableError('QUEUE_FULL');
    try {
      await producer.addMany([...items]);
    } catch (error) {
      throw new ServiceUnavailableError('QUEUE_UNAVAILABLE', 1, error);
    }
  }

  private producer(queue: WriteQueueName): BatchingProducer<unknown> {
    let producer = this.producers.get(queue);
    if (producer === undefined) {
      producer = new BatchingProducer<unknown>(this.get(queue) as Queue<BatchJob<unknown>>, {
        ...batchLimits(this.config)[queue],
        jobOptions: WRITE_JOB_OPTIONS,
      });
      this.producers.set(queue, producer);
    }
    return producer;
  }

  private get(name: QueueName): Queue {
    const queue = this.find(name);
    if (queue === undefined) throw new Error(`queue ${name} is not registered by any loaded module`);
    return queue;
  }

  private find(name: QueueName): Queue | undefined {
    const known = this.queues.get(name);
    if (known !== undefined) return known;
    try {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.queues.set(name, queue);
      return queue;
    } catch {
      return undefined;
    }
  }
}
