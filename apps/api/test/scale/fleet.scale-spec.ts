import type { Envelope, Poll } from '@hotpath/contracts';
import { Redis } from 'ioredis';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/load-env';
import { dropDatabase, migrateDatabase } from '../../src/core/database/migrate';
import { bullPrefix } from '../../src/core/queue/queue-keys';
import { QueueName } from '../../src/core/queue/queue-names';
import { PrivateRedis } from '../support/private-servers';
import { eventually } from '../support/test-app';
import { ADMIN, TEST_ENV } from '../support/test-env';
import { BuiltProcess } from './support/built-process';
import { WriteStream } from './support/fleet-load';
import { Haproxy } from './support/haproxy';
import { scaleDatabaseUrl } from './support/scale-env';

/** Fixed ports of the scale tier's range (3280-3299): the balancer, then one per API instance. */
const BALANCER_PORT = 3280;
const API_PORTS = [3281, 3282, 3283];
const WORKERS = 2;
const LANES = 6;
/** Pause of each lane between two writes: a steady stream that leaves the small machine room to restart. */
const LANE_PAUSE_MS = 10;
const DATABASE_URL = scaleDatabaseUrl('fleet');
const WRITE_BEHIND_QUEUES = [QueueName.PollVotes, QueueName.AnalyticsEvents, QueueName.DeliverabilityEvents];

let redis: PrivateRedis;
let balancer: Haproxy | undefined;
let mysql: Connection;
const apis: BuiltProcess[] = [];
const workers: BuiltProcess[] = [];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  redis = await PrivateRedis.start();
  await dropDatabase(DATABASE_URL);
  await migrateDatabase(DATABASE_URL);
  const { host, port, user, password, database } = parseDatabaseUrl(DATABASE_URL);
  mysql = await createConnection({ host, port, user, password, database });
  const env = {
    DATABASE_URL,
    REDIS_URL: redis.url(),
    // Short enough for a quick test, longer than the balancer needs to see the 503 (two 250 ms checks).
    SHUTDOWN_DRAIN_DELAY_MS: '2000',
    SHUTDOWN_TIMEOUT_MS: '20000',
    API_PROCESSES: '1',
    DATABASE_POOL_SIZE: '10',
    // A worker that had to be killed hands its job over within seconds.
    QUEUE_LOCK_DURATION_MS: '5000',
    QUEUE_STALLED_INTERVAL_MS: '2000',
  };
  for (const [index, port] of API_PORTS.entries()) apis.push(BuiltProcess.api(`api${index + 1}`, port, env));
  for (let index = 0; index < WORKERS; index++) workers.push(BuiltProcess.worker(`worker${index + 1}`, env));
  await Promise.all([...apis, ...workers].map((process) => process.start()));
  balancer = await Haproxy.start(BALANCER_PORT, API_PORTS);
  await Promise.all(apis.map((api) => balancer!.waitUntilUp(api.name)));
}, 180_000);

afterAll(async () => {
  await balancer?.stop();
  await Promise.allSettled([...apis.map((api) => api.stop()), ...workers.map((worker) => worker.stop())]);
  await mysql?.end();
  await redis?.destroy();
  await dropDatabase(DATABASE_URL);
});

async function createPoll(baseUrl: string): Promise<Poll> {
  const response = await fetch(`${baseUrl}/polls`, {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({
      question: 'Fleet poll',
      options: ['one', 'two', 'three', 'four'],
      multiple: false,
    }),
  });
  if (response.status !== 201)
    throw new Error(`POST /polls answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as Envelope<Poll>).data;
}

/** No write-behind job waiting, running or delayed in Redis. */
async function queuesDrained(): Promise<void> {
  const client = new Redis(redis.url());
  try {
    for (const queue of WRITE_BEHIND_QUEUES) {
      const prefix = `${bullPrefix(TEST_ENV.REDIS_KEY_PREFIX, queue)}:${queue}`;
      const [waiting, active, delayed, failed] = await Promise.all([
        client.llen(`${prefix}:wait`),
        client.llen(`${prefix}:active`),
        client.zcard(`${prefix}:delayed`),
        client.zcard(`${prefix}:failed`),
      ]);
      expect({ queue, waiting, active, delayed, failed }).toEqual({
        queue,
        waiting: 0,
        active: 0,
        delayed: 0,
        failed: 0,
      });
    }
  } finally {
    client.disconnect();
  }
}

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await mysql.query(sql, params);
  return result as T[];
}

it('keeps every write through a rolling restart of 3 APIs and 2 workers behind HAProxy: no failure, each stored once', async () => {
  const baseUrl = balancer!.url;
  const poll = await createPoll(baseUrl);
  const stream = new WriteStream(
    baseUrl,
    { id: poll.id, optionIds: poll.options.map((option) => option.id) },
    'r1',
  );
  stream.start(LANES, LANE_PAUSE_MS);
  await sleep(2000);

  const restarts: Array<{ instance: string; outMs: number; backMs: number }> = [];
  for (const api of apis) {
    const started = Date.now();
    expect(await api.stop()).toEqual({ code: 0, signal: null });
    const outMs = Date.now() - started;
    await api.start();
    await balancer!.waitUntilUp(api.name).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${api.describe()}`);
    });
    restarts.push({ instance: api.name, outMs, backMs: Date.now() - started });
    await sleep(500);
  }
  for (const worker of workers) {
    const started = Date.now();
    expect([
      { code: 0, signal: null },
      { code: null, signal: 'SIGTERM' },
    ]).toContainEqual(await worker.stop());
    const outMs = Date.now() - started;
    await worker.start();
    restarts.push({ instance: worker.name, outMs, backMs: Date.now() - started });
    await sleep(500);
  }
  await sleep(1000);
  const figures = await stream.stop();
  expect(figures.failures.slice(0, 10)).toEqual([]);
  expect(figures.requests).toBeGreaterThan(500);

  await eventually(queuesDrained, 60_000, 250);
  const ack = stream.acknowledged;

  const votes = await rows<{ id: number; votes: number }>(
    'SELECT id, votes FROM poll_options WHERE poll_id = ?',
    [poll.id],
  );
  const [ballots] = await rows<{ n: number; ids: number }>(
    'SELECT COUNT(*) AS n, COUNT(DISTINCT ballot_id) AS ids FROM ballots WHERE poll_id = ?',
    [poll.id],
  );
  const acceptedVotes = [...ack.votes.values()].reduce((sum, count) => sum + count, 0);
  expect({ rows: Number(ballots?.n), distinct: Number(ballots?.ids) }).toEqual({
    rows: acceptedVotes,
    distinct: acceptedVotes,
  });
  expect(Object.fromEntries(votes.map((row) => [row.id, Number(row.votes)]))).toEqual(
    Object.fromEntries(poll.options.map((option) => [option.id, ack.votes.get(option.id) ?? 0])),
  );

  for (const [hour, expected] of ack.analytics) {
    const [stored] = await rows<{ clicks: number; impressions: number; unique_users: number }>(
      'SELECT clicks, impressions, unique_users FROM analytics_hours WHERE hour = ?',
      [hour],
    );
    expect({
      clicks: Number(stored?.clicks),
      impressions: Number(stored?.impressions),
      users: Number(stored?.unique_users),
    }).toEqual({
      clicks: expected.clicks,
      impressions: expected.impressions,
      users: expected.users.size,
    });
  }

  const domains = await rows<{ name: string; delivered: number }>(
    "SELECT name, delivered FROM domains WHERE name LIKE 'fleet-r1-%'",
  );
  expect(new Map(domains.map((row) => [row.name, Number(row.delivered)]))).toEqual(ack.events);

  const payments = await rows<{ id: number }>('SELECT id FROM payments');
  expect(new Set(payments.map((row) => Number(row.id)))).toEqual(ack.payments);
  expect(payments).toHaveLength(ack.payments.size);

  const subscribers = await rows<{ email: string }>(
    "SELECT email FROM subscribers WHERE email LIKE 'fleet-r1-%'",
  );
  expect(new Set(subscribers.map((row) => row.email))).toEqual(ack.subscribers);
  expect(subscribers).toHaveLength(ack.subscribers.size);

  const stored = {
    votes: acceptedVotes,
    analytics: [...ack.analytics.values()].reduce((sum, hour) => sum + hour.clicks + hour.impressions, 0),
    events: [...ack.events.values()].reduce((sum, count) => sum + count, 0),
    payments: ack.payments.size,
    subscribers: ack.subscribers.size,
  };
  console.log(JSON.stringify({ fleet: { ...figures, failures: figures.failures.length, stored, restarts } }));
}, 300_000);
