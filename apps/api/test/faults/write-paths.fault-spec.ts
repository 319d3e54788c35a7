import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../support/test-env';
import type { WorkerProcess } from '../support/worker-process';
import { FaultStack } from './support/fault-stack';
import { checkAnalytics, checkBallots, checkDomains, checkPayments } from './support/stored-writes';
import { readPaths, writePaths, type Outcome, type RequestStream } from './support/request-streams';

const WRITE_ACK_TIMEOUT_MS = 2000;
/** What a client may wait for any answer, per the guarantee: the ack bound plus a second. */
const ANSWER_BOUND_MS = WRITE_ACK_TIMEOUT_MS + 1000;

let stack: FaultStack;

beforeAll(async () => {
  stack = await FaultStack.start({ appendonly: true, appendfsync: 'everysec' });
  await Promise.all([
    stack.startApi({ WRITE_ACK_TIMEOUT_MS: String(WRITE_ACK_TIMEOUT_MS), REQUIRE_DURABLE_REDIS: 'on' }),
    stack.startWorker(),
  ]);
});

afterAll(async () => {
  await stack.destroy();
});

function describeRefusals(outcomes: Outcome[]): string {
  const kinds = new Map<string, number>();
  for (const outcome of outcomes) {
    const key = `${outcome.status} ${outcome.body.slice(0, 120)}`;
    kinds.set(key, (kinds.get(key) ?? 0) + 1);
  }
  return [...kinds].map(([key, count]) => `${count} x ${key}`).join('\n');
}

describe('write paths under kill -9 of Redis, MariaDB and the worker', () => {
  it('stays up, answers every refusal and read with a quick 503 at worst, and stores every acknowledged write exactly once', async () => {
    const api = stack.api!;
    const created = await fetch(`${api.url}/polls`, {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({
        question: 'Which fault first?',
        options: ['Redis', 'MariaDB'],
        multiple: false,
      }),
    });
    expect(created.status).toBe(201);
    const poll = ((await created.json()) as { data: { id: number; options: Array<{ id: number }> } }).data;
    const paths = writePaths(api.url, { id: poll.id, optionIds: poll.options.map((o) => o.id) }, 'run');
    const streams: RequestStream[] = [...Object.values(paths), readPaths(api.url, poll.id)];
    const apiPid = api.pid;
    const firstWorker: WorkerProcess = stack.worker!;
    const timeline: string[] = [];
    const mark = (event: string) => timeline.push(`${new Date().toISOString()} ${event}`);

    streams.forEach((stream) => stream.start());
    await sleep(3000);
    mark('kill -9 redis');
    await stack.redis.kill();
    await sleep(2500);
    await stack.redis.start();
    mark('redis back');
    await sleep(4000);
    mark('kill -9 mariadb');
    await stack.mariadb.kill();
    await sleep(3000);
    await stack.mariadb.start();
    mark('mariadb back');
    await sleep(4000);
    mark('SIGKILL worker');
    await firstWorker.kill();
    await sleep(1500);
    await stack.startWorker();
    mark('worker back');
    // Recovery without restarting the API: every path must be accepting writes again.
    const recoveredAt = Date.now() + 6000;
    await sleep(9000);
    await Promise.all(streams.map((stream) => stream.stop()));
    mark('streams stopped');

    expect(api.alive, `the API died:\n${api.describe()}`).toBe(true);
    expect(api.pid).toBe(apiPid);
    expect(stack.worker!.alive, `the worker died:\n${stack.worker!.describe()}`).toBe(true);
    for (const stream of streams) {
      const refusals = stream.refused;
      const context = `${stream.name}: ${stream.accepted.length} accepted, ${refusals.length} refused\n${timeline.join('\n')}\n${describeRefusals(refusals)}`;
      expect(stream.accepted.length, context).toBeGreaterThan(50);
      expect(
        refusals.filter((outcome) => outcome.status !== 503 || outcome.retryAfter === null),
        context,
      ).toEqual([]);
      expect(
        stream.outcomes.filter((outcome) => outcome.status !== 503 && outcome.status >= 300).length,
        context,
      ).toBe(0);
      const slow = stream.outcomes.filter((outcome) => outcome.ms > ANSWER_BOUND_MS);
      expect(
        slow.map((outcome) => Math.round(outcome.ms)),
        context,
      ).toEqual([]);
      const late = stream.outcomes.filter((outcome) => outcome.sentAt >= recoveredAt);
      expect(late.length, context).toBeGreaterThan(10);
      expect(describeRefusals(late.filter((outcome) => outcome.status >= 300)), context).toBe('');
    }
    console.log(
      `[faults] ${timeline.join(' | ')}\n` +
        streams
          .map((s) => `[faults] ${s.name}: ${s.accepted.length} accepted, ${s.refused.length} refused (503)`)
          .join('\n'),
    );

    await stack.drained();
    const sql = await stack.sql();
    try {
      const checks = {
        votes: await checkBallots(sql, poll.id, paths.votes.outcomes, paths.votes.accepted),
        analytics: await checkAnalytics(sql, paths.analytics.outcomes, paths.analytics.accepted),
        events: await checkDomains(sql, paths.events.outcomes, paths.events.accepted),
        payments: await checkPayments(sql, paths.payments.outcomes, paths.payments.accepted),
      };
      for (const [name, check] of Object.entries(checks)) {
        expect(check.lostOrDoubled, name).toEqual([]);
        expect(check.unknown, name).toEqual([]);
        expect(check.mismatches, name).toEqual([]);
        expect(check.stored, name).toBeGreaterThanOrEqual(paths[name as keyof typeof paths].accepted.length);
      }
    } finally {
      await sql.end();
    }
  });
});
