import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { hourOf, type DomainReport, type Envelope, type Poll, type Subscriber } from '@hotpath/contracts';
import type { Queue } from 'bull';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, migrateDatabase } from '../../src/core/database/migrate';
import { bullWaitListKey } from '../../src/core/queue/queue-keys';
import { ALL_QUEUES, QueueName } from '../../src/core/queue/queue-names';
import { REDIS_CLIENT, REDIS_SUBSCRIBER } from '../../src/core/redis/redis.constants';
import {
  drained as analyticsDrained,
  expectedCounts,
  readHour,
  send,
  storedHour,
} from '../support/analytics-helpers';
import {
  drained as eventsDrained,
  completeCounters,
  redisCounters,
  storedDomains,
} from '../support/deliverability-helpers';
import { createPoll, drained as votesDrained, fireVotes, listen, stored } from '../support/polls-helpers';
import { eventually, startApi, startWorker } from '../support/test-app';
import { ADMIN, TEST_ENV } from '../support/test-env';
import { PrivateRedisCluster } from './support/redis-cluster';
import { scaleDatabaseUrl } from './support/scale-env';

const DATABASE_URL = scaleDatabaseUrl('cluster');

let cluster: PrivateRedisCluster;
let api: NestFastifyApplication;
let secondApi: NestFastifyApplication;
let worker: INestApplicationContext;
let baseUrl: string;

beforeAll(async () => {
  cluster = await PrivateRedisCluster.start(3);
  await dropDatabase(DATABASE_URL);
  await migrateDatabase(DATABASE_URL);
  const env = { ...cluster.env(), DATABASE_URL };
  [api, secondApi, worker] = await Promise.all([startApi(env), startApi(env), startWorker(env)]);
  baseUrl = await listen(api);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([api?.close(), secondApi?.close(), worker?.close()]);
  await cluster?.destroy();
  await dropDatabase(DATABASE_URL);
});

describe('on a 3-master Redis Cluster', () => {
  it('runs every Redis client in cluster mode: commands, pub/sub, the cache store and Bull', () => {
    for (const app of [api, worker]) {
      expect(app.get(REDIS_CLIENT)).toBeInstanceOf(Cluster);
      expect(app.get(REDIS_SUBSCRIBER)).toBeInstanceOf(Cluster);
      const queue = app.get<Queue>(getQueueToken(QueueName.PollVotes));
      expect(queue.client).toBeInstanceOf(Cluster);
    }
  });

  it('applies every accepted vote exactly once', async () => {
    const poll: Poll = await createPoll(api, {
      question: 'Cluster poll',
      options: ['red', 'green', 'blue'],
      multiple: true,
    });
    const [red, green, blue] = poll.options.map((option) => option.id) as [number, number, number];
    const ballots = Array.from({ length: 600 }, (_, index) => ({
      optionIds: index % 3 === 0 ? [red, green] : index % 3 === 1 ? [blue] : [red],
    }));
    const statuses = await fireVotes(baseUrl, poll.id, ballots, 12);
    expect(statuses.every((status) => status === 202)).toBe(true);
    await votesDrained(api, 30_000);
    const record = await stored(api, poll.id);
    expect(record.ballotRows).toBe(600);
    expect(record.distinctBallotIds).toBe(600);
    expect(record.ballotsCounter).toBe(600);
    expect(record.votes).toEqual({ red: 400, green: 200, blue: 200 });
  });

  it('counts analytics events exactly once and keeps the live hour in the cluster', async () => {
    const now = Date.now();
    const sent: Array<{ user: string; kind: 'click' | 'impression' }> = [];
    await Promise.all(
      Array.from({ length: 300 }, async (_, index) => {
        const event = {
          user: `user-${index % 37}`,
          kind: index % 4 === 0 ? ('click' as const) : ('impression' as const),
        };
        sent.push(event);
        await send(api, now, event.user, event.kind);
      }),
    );
    await analyticsDrained(api, 30_000);
    const expected = expectedCounts(sent);
    expect(await storedHour(api, hourOf(now))).toMatchObject(expected);
    await eventually(async () => expect(await readHour(secondApi, now)).toEqual(expected), 5000);
  });

  it('keeps deliverability counters in buckets across the masters, and marks them complete', async () => {
    const domains = Array.from({ length: 60 }, (_, index) => `cluster-${index}.example`);
    const responses = await Promise.all(
      domains.flatMap((domain, index) =>
        Array.from({ length: (index % 4) + 1 }, (_, n) =>
          api.inject({ method: 'PUT', url: `/events/${domain}/${n % 2 === 0 ? 'delivered' : 'bounced'}` }),
        ),
      ),
    );
    expect(responses.every((response) => response.statusCode === 204)).toBe(true);
    await eventsDrained(api, 30_000);
    const inMysql = await storedDomains(api);
    expect(inMysql.size).toBe(60);
    for (const domain of domains) {
      const row = inMysql.get(domain)!;
      expect(await redisCounters(api, domain)).toBe(`${row.delivered}:${row.bounced}`);
    }
    const byNode = await cluster.keysByNode(`${TEST_ENV.REDIS_KEY_PREFIX}deliverability:*`);
    expect([...byNode.values()].filter((keys) => keys.length > 0)).toHaveLength(3);
    await completeCounters(worker);
    const report = await api.inject({ method: 'GET', url: `/domains/${domains[3]!}` });
    expect(report.statusCode).toBe(200);
    expect(report.json<Envelope<DomainReport>>().data).toMatchObject({ delivered: 2, bounced: 2 });
  });

  it('reads subscribers through the cache and invalidates them on every node and every instance', async () => {
    const email = 'cluster.reader@example.com';
    const created = await api.inject({
      method: 'POST',
      url: '/subscribers',
      payload: { email, name: 'Ada', lastName: 'Lovelace' },
    });
    expect(created.statusCode).toBe(201);
    // Past the create's second invalidation (300 ms), so the read below stays in the Redis tier.
    await new Promise((wait) => setTimeout(wait, 500));
    const first = await secondApi.inject({ method: 'GET', url: `/subscribers/${email}` });
    expect(first.json<Envelope<Subscriber>>().data.name).toBe('Ada');
    // The cache store (node-redis in cluster mode) wrote the entry into the cluster.
    const cached = [...(await cluster.keysByNode(`*${email}*`)).values()].flat();
    expect(cached).toEqual([`${TEST_ENV.REDIS_KEY_PREFIX}cache:subscriber:${email}`]);

    // A plain subscriber on each node: a publish on any node must reach all of them.
    const heard = await Promise.all(
      cluster.nodes.map(async (node) => {
        const listener = new Redis({ port: node.port, host: '127.0.0.1' });
        const messages: string[] = [];
        listener.on('message', (_channel: string, key: string) => messages.push(key));
        await listener.subscribe(`${TEST_ENV.REDIS_KEY_PREFIX}cache-invalidate`);
        return { listener, messages };
      }),
    );
    try {
      const patched = await api.inject({
        method: 'PATCH',
        url: `/subscribers/${email}`,
        headers: ADMIN,
        payload: { name: 'Augusta' },
      });
      expect(patched.statusCode).toBe(200);
      await eventually(async () => {
        const read = await secondApi.inject({ method: 'GET', url: `/subscribers/${email}` });
        expect(read.json<Envelope<Subscriber>>().data.name).toBe('Augusta');
      }, 2000);
      await eventually(async () => {
        for (const { messages } of heard) expect(messages.some((key) => key.includes(email))).toBe(true);
      }, 2000);
    } finally {
      for (const { listener } of heard) listener.disconnect();
    }
  });

  it('keeps each queue in one slot and spreads the queues over all three masters', async () => {
    const masters = new Map<QueueName, number>();
    for (const queue of ALL_QUEUES)
      masters.set(queue, await cluster.masterOf(bullWaitListKey(TEST_ENV.REDIS_KEY_PREFIX, queue)));
    expect(new Set(masters.values()).size).toBe(3);
    // The keys Bull really wrote for the busy queues lie on their master only.
    const byNode = await cluster.keysByNode(`${TEST_ENV.REDIS_KEY_PREFIX}bull:*`);
    for (const queue of [QueueName.PollVotes, QueueName.AnalyticsEvents, QueueName.DeliverabilityEvents]) {
      const holders = [...byNode].filter(([, keys]) => keys.some((key) => key.includes(`{${queue}}`)));
      expect(holders.map(([port]) => port)).toEqual([masters.get(queue)]);
    }
  });
});
