import { ALL_QUEUES } from '../src/core/queue/queue-names';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProcess } from './support/api-process';
import { getFresh, labelSets, promtoolProblems, sample } from './support/prometheus';
import { eventually } from './support/test-app';
import { ADMIN, TEST_ENV } from './support/test-env';
import { WorkerProcess } from './support/worker-process';

const API_PORT = 3220;
const METRICS_PORT = 3221;
const WORKER_METRICS_PORT = 3222;

async function scrape(port: number): Promise<string> {
  const response = await getFresh(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  return response.body;
}

describe('Prometheus metrics of the built API (2 processes) and worker', () => {
  let api: ApiProcess;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    const redis = new Redis(TEST_ENV.REDIS_URL);
    await redis.flushdb().finally(() => redis.disconnect());
    api = await ApiProcess.start(API_PORT, {
      API_PROCESSES: '2',
      METRICS_PORT: String(METRICS_PORT),
      LOG_REQUESTS: 'all',
    });
  }, 120_000);

  afterAll(async () => {
    await worker?.kill();
    await api?.stop();
  });

  it('serves request latency by route pattern, summed over both processes, on its own port', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await getFresh(api.url(`/subscribers/user${i}%40example.org`))).status).toBe(404);
    }
    expect((await getFresh(api.url('/no/such/route'))).status).toBe(404);
    // The public port does not serve metrics.
    expect((await getFresh(api.url('/metrics'))).status).toBe(404);

    // Every request is logged (LOG_REQUESTS=all), by the process that answered it.
    let logged: { pid: number }[] = [];
    await eventually(async () => {
      logged = api
        .logLines()
        .filter((line) => line.context === 'Request' && line['route'] === '/subscribers/:email');
      expect(logged).toHaveLength(30);
    });
    expect(new Set(logged.map((line) => line.pid)).size, 'both processes answered').toBe(2);

    const text = await scrape(METRICS_PORT);
    const lookups = { method: 'GET', route: '/subscribers/:email', status_code: '404' };
    expect(sample(text, 'http_request_duration_seconds_count', lookups)).toBe(30);
    expect(sample(text, 'http_request_duration_seconds_bucket', { ...lookups, le: '+Inf' })).toBe(30);
    // /no/such/route and /metrics on the public port: neither is a route.
    expect(
      sample(text, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: 'unmatched',
        status_code: '404',
      }),
    ).toBe(2);
    expect(text).not.toContain('example.org');
    expect(text).not.toContain('/no/such/route');
    const hits =
      sample(text, 'hotpath_cache_requests_total', { namespace: 'subscriber', result: 'hit' }) ?? 0;
    const misses =
      sample(text, 'hotpath_cache_requests_total', { namespace: 'subscriber', result: 'miss' }) ?? 0;
    expect(hits + misses).toBe(30);
    expect(misses).toBeGreaterThanOrEqual(30 - hits);
    for (const name of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
    ]) {
      expect(text).toMatch(new RegExp(`^${name} `, 'm'));
    }
    expect(text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
    expect(promtoolProblems(text)).toBe('');
  });

  it('counts write batches in the API and reads queue depth and lag in the worker at scrape time', async () => {
    // Each ballot batch is held 4 s in its transaction; with 4 at a time, 2 of 6 jobs wait.
    worker = await WorkerProcess.start({
      WORKER_METRICS_PORT: String(WORKER_METRICS_PORT),
      WRITE_BEHIND_APPLY_DELAY_MS: '4000',
    });
    const created = await fetch(api.url('/polls'), {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ question: 'Metrics?', options: ['yes', 'no'], multiple: false }),
    });
    expect(created.status).toBe(201);
    const poll = ((await created.json()) as { data: { id: number; options: { id: number }[] } }).data;
    for (let i = 0; i < 6; i++) {
      const voted = await fetch(api.url(`/polls/${poll.id}/votes`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ optionIds: [poll.options[0]!.id] }),
      });
      expect(voted.status).toBe(202);
    }

    const apiText = await scrape(METRICS_PORT);
    expect(sample(apiText, 'hotpath_write_batch_size_count', { queue: 'poll-votes' })).toBe(6);
    expect(sample(apiText, 'hotpath_write_batch_size_sum', { queue: 'poll-votes' })).toBe(6);

    let workerText = '';
    await eventually(
      async () => {
        workerText = await scrape(WORKER_METRICS_PORT);
        expect(sample(workerText, 'hotpath_queue_jobs', { queue: 'poll-votes', state: 'active' })).toBe(4);
        expect(sample(workerText, 'hotpath_queue_jobs', { queue: 'poll-votes', state: 'waiting' })).toBe(2);
        expect(
          sample(workerText, 'hotpath_queue_oldest_waiting_seconds', { queue: 'poll-votes' }),
        ).toBeGreaterThanOrEqual(1);
      },
      3500,
      200,
    );
    const series = labelSets(workerText, 'hotpath_queue_jobs').map(
      (labels) => `${labels['queue']}/${labels['state']}`,
    );
    for (const queue of ALL_QUEUES) {
      for (const state of ['waiting', 'active', 'delayed', 'failed'])
        expect(series).toContain(`${queue}/${state}`);
      expect(sample(workerText, 'hotpath_queue_oldest_waiting_seconds', { queue })).toBeDefined();
    }
    expect(sample(workerText, 'hotpath_queue_jobs', { queue: 'analytics-events', state: 'failed' })).toBe(0);
    expect(workerText).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(promtoolProblems(workerText)).toBe('');
  });
});
