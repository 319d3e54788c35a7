import type { Queue } from 'bull';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchingProducer, type BatchJob } from './batching-producer';

function fakeQueue(fail = false) {
  const jobs: Array<{ data: BatchJob<number>; jobId: unknown }> = [];
  const queue = {
    name: 'test',
    add: vi.fn(async (data: BatchJob<number>, options: { jobId?: unknown }) => {
      if (fail) throw new Error('redis down');
      jobs.push({ data, jobId: options.jobId });
      return {};
    }),
  };
  return { queue: queue as unknown as Queue<BatchJob<number>>, jobs };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('BatchingProducer', () => {
  it('groups concurrent items into one job and settles callers only after it is stored', async () => {
    vi.useFakeTimers();
    const { queue, jobs } = fakeQueue();
    const producer = new BatchingProducer(queue, { maxItems: 100, maxWaitMs: 5 });
    const settled: number[] = [];
    const calls = [1, 2, 3].map((item) => producer.add(item).then(() => settled.push(item)));
    await Promise.resolve();
    expect(jobs).toHaveLength(0);
    expect(settled).toEqual([]);
    await vi.advanceTimersByTimeAsync(5);
    await Promise.all(calls);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.data.items).toEqual([1, 2, 3]);
    expect(jobs[0]?.jobId).toBe(jobs[0]?.data.batchId);
    expect(settled).toEqual([1, 2, 3]);
  });

  it('sends as soon as a batch is full', async () => {
    const { queue, jobs } = fakeQueue();
    const producer = new BatchingProducer(queue, { maxItems: 2, maxWaitMs: 60_000 });
    await Promise.all([producer.add(1), producer.add(2)]);
    expect(jobs.map((job) => job.data.items)).toEqual([[1, 2]]);
    await producer.close();
  });

  it('rejects every caller of a batch that could not be stored', async () => {
    const { queue } = fakeQueue(true);
    const producer = new BatchingProducer(queue, { maxItems: 2, maxWaitMs: 1 });
    const results = await Promise.allSettled([producer.add(1), producer.add(2)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });

  it('sends what is pending on close, and later items directly', async () => {
    const { queue, jobs } = fakeQueue();
    const producer = new BatchingProducer(queue, { maxItems: 100, maxWaitMs: 60_000 });
    const pending = producer.addMany([1, 2]);
    await producer.close();
    await pending;
    await producer.add(3);
    expect(jobs.map((job) => job.data.items)).toEqual([[1, 2], [3]]);
    expect(new Set(jobs.map((job) => job.data.batchId)).size).toBe(2);
  });
});
