import type { ModuleRef } from '@nestjs/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../config/app-config';
import { ServiceUnavailableError } from '../errors/service-unavailable.error';
import type { BatchJob } from './batching-producer';
import { JobRepository } from './job.repository';
import type { QueueDepths } from './queue-depths';
import { QueueName } from './queue-names';

type Event = { timestamp: number; user: string; kind: 'click' | 'impression' };
const event = (user: string): Event => ({ timestamp: 0, user, kind: 'click' });

/** A Bull queue stand-in: stores jobs, or never answers (`hang`), or fails; its client has a connection state. */
function fakeQueue(mode: 'ok' | 'hang' | 'fail' = 'ok', status = 'ready') {
  const jobs: Array<{ data: BatchJob<Event>; options: Record<string, unknown> }> = [];
  const queue = {
    name: QueueName.AnalyticsEvents,
    client: { status },
    on: vi.fn(),
    add: vi.fn((data: BatchJob<Event>, options: Record<string, unknown>) => {
      if (mode === 'hang') return new Promise(() => undefined);
      if (mode === 'fail') return Promise.reject(new Error('Connection is closed.'));
      jobs.push({ data, options });
      return Promise.resolve({});
    }),
  };
  return { queue, jobs };
}

function door(queue: unknown, pending = 0, depthDelayMs = 0) {
  const settings: Record<string, number> = {
    WRITE_ACK_TIMEOUT_MS: 50,
    WRITE_BEHIND_MAX_PENDING: 3,
    ANALYTICS_BATCH_MAX_EVENTS: 100,
    ANALYTICS_BATCH_MAX_WAIT_MS: 1,
    POLL_BATCH_MAX_BALLOTS: 100,
    POLL_BATCH_MAX_WAIT_MS: 1,
    DELIVERABILITY_BATCH_MAX_WAIT_MS: 1,
  };
  const config = { get: (key: string) => settings[key] } as unknown as AppConfig;
  const moduleRef = { get: () => queue } as unknown as ModuleRef;
  const depths = {
    pending: vi.fn(async () => {
      if (depthDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, depthDelayMs));
      return pending;
    }),
    countFailedAttempt: vi.fn(),
  };
  return new JobRepository(moduleRef, depths as unknown as QueueDepths, config);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('JobRepository.write', () => {
  it('stores concurrent writes as one job that never runs out of retries, then settles every caller', async () => {
    const { queue, jobs } = fakeQueue();
    const jobsDoor = door(queue);
    await Promise.all([
      jobsDoor.write(QueueName.AnalyticsEvents, [event('a')]),
      jobsDoor.write(QueueName.AnalyticsEvents, [event('b'), event('c')]),
    ]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.data.items.map((item) => item.user)).toEqual(['a', 'b', 'c']);
    expect(jobs[0]?.options).toMatchObject({
      jobId: jobs[0]?.data.batchId,
      attempts: Number.MAX_SAFE_INTEGER,
    });
  });

  it('answers QUEUE_UNAVAILABLE once WRITE_ACK_TIMEOUT_MS passes without Redis storing the job', async () => {
    const jobsDoor = door(fakeQueue('hang').queue);
    const started = Date.now();
    const error: unknown = await jobsDoor
      .write(QueueName.AnalyticsEvents, [event('a')])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect((error as ServiceUnavailableError).code).toBe('QUEUE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not queue a write whose queue depth came after its 503 was answered', async () => {
    const { queue, jobs } = fakeQueue();
    const jobsDoor = door(queue, 0, 80);
    const error: unknown = await jobsDoor
      .write(QueueName.AnalyticsEvents, [event('late')])
      .catch((e: unknown) => e);
    expect((error as ServiceUnavailableError).code).toBe('QUEUE_UNAVAILABLE');
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(queue.add).not.toHaveBeenCalled();
    expect(jobs).toEqual([]);
  });

  it('answers QUEUE_UNAVAILABLE at once while the queue connection is reconnecting, and when storing fails', async () => {
    const reconnecting = fakeQueue('ok', 'reconnecting');
    await expect(
      door(reconnecting.queue).write(QueueName.AnalyticsEvents, [event('a')]),
    ).rejects.toMatchObject({
      code: 'QUEUE_UNAVAILABLE',
    });
    expect(reconnecting.queue.add).not.toHaveBeenCalled();
    await expect(
      door(fakeQueue('fail').queue).write(QueueName.AnalyticsEvents, [event('a')]),
    ).rejects.toMatchObject({
      code: 'QUEUE_UNAVAILABLE',
    });
  });

  it('answers QUEUE_FULL without queueing anything once WRITE_BEHIND_MAX_PENDING jobs wait', async () => {
    const { queue, jobs } = fakeQueue();
    await expect(door(queue, 3).write(QueueName.AnalyticsEvents, [event('a')])).rejects.toMatchObject({
      code: 'QUEUE_FULL',
    });
    expect(jobs).toHaveLength(0);
    await door(queue, 2).write(QueueName.AnalyticsEvents, [event('b')]);
    expect(jobs).toHaveLength(1);
  });
});
