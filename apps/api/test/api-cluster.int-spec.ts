import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProcess } from './support/api-process';
import { getFresh } from './support/prometheus';
import { eventually } from './support/test-app';

const API_PORT = 3223;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('API_PROCESSES=2: the cluster primary and its children', () => {
  let api: ApiProcess;

  beforeAll(async () => {
    api = await ApiProcess.start(API_PORT, { API_PROCESSES: '2', LOG_REQUESTS: 'all' });
  }, 120_000);

  afterAll(async () => {
    await api?.kill();
  });

  it('replaces a child killed with -9 while requests keep being answered', async () => {
    const [victim, survivor] = api.listeningPids();
    expect(victim).toBeDefined();
    expect(survivor).toBeDefined();

    // Requests on fresh connections every few ms, before, during and after the kill.
    const answers: { sentAt: number; status: number | string }[] = [];
    let sending = true;
    const load = (async () => {
      while (sending) {
        const sentAt = Date.now();
        const status = await getFresh(api.url('/health'), {}, 2000).then(
          (response) => response.status,
          (error: unknown) => String(error),
        );
        answers.push({ sentAt, status });
        await new Promise((wait) => setTimeout(wait, 5));
      }
    })();

    await new Promise((wait) => setTimeout(wait, 500));
    const killedAt = Date.now();
    process.kill(victim!, 'SIGKILL');
    await eventually(
      async () => {
        expect(api.listeningPids()).toHaveLength(3);
      },
      30_000,
      100,
    );
    const replacement = api.listeningPids().find((pid) => pid !== victim && pid !== survivor)!;
    // The new child answers too (round robin over fresh connections).
    await eventually(
      async () => {
        const servedBy = api
          .logLines()
          .filter((line) => line.context === 'Request' && line.pid === replacement);
        expect(servedBy.length).toBeGreaterThan(0);
      },
      10_000,
      100,
    );
    // Keep the load on until enough requests were sent after the kill, however fast the replacement came up.
    await eventually(
      async () => {
        expect(answers.filter((answer) => answer.sentAt > killedAt + 100).length).toBeGreaterThan(10);
      },
      10_000,
      100,
    );
    sending = false;
    await load;

    expect(isRunning(victim!)).toBe(false);
    expect(
      api.logLines().some((line) => line.message.includes(`API process ${victim} exited (SIGKILL)`)),
    ).toBe(true);
    // Only a request in flight on the killed child's connection may be lost; every later one is answered.
    const lost = answers.filter((answer) => answer.status !== 200);
    expect(lost.length).toBeLessThanOrEqual(1);
    const after = answers.filter((answer) => answer.sentAt > killedAt + 100);
    expect(answers.filter((answer) => answer.sentAt < killedAt).length).toBeGreaterThan(10);
    expect(after.length).toBeGreaterThan(10);
    expect(after.filter((answer) => answer.status !== 200)).toEqual([]);
  });

  it('passes SIGTERM on and exits once every child has finished', async () => {
    const children = api.listeningPids().filter(isRunning);
    expect(children).toHaveLength(2);
    await api.stop();
    expect(api.alive).toBe(false);
    expect(children.filter(isRunning)).toEqual([]);
    const lines = api.logLines();
    expect(lines.filter((line) => line.message === 'SIGTERM: finishing requests in flight')).toHaveLength(2);
    expect(lines.some((line) => line.message === 'every API process has finished')).toBe(true);
  });
});
