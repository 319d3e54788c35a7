import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiEntryPoints, repoPath, repoPathExists, sourceOfBuiltFile } from './lib/repo.ts';

const START_ALL_URL = pathToFileURL(repoPath('tools/scripts/start-all.mjs')).href;

interface FakeProcess {
  name: string;
  script: string;
}

interface Outcome {
  code: number | null;
  lines: string[];
}

/** Runs runTogether from tools/scripts/start-all.mjs in its own node process over small node scripts. */
function runTogether(
  processes: FakeProcess[],
  options: {
    signalWhen?: { line: RegExp; count: number; signal: NodeJS.Signals };
    stopTimeoutMs?: number;
  } = {},
): Promise<Outcome> {
  const specs = processes.map(({ name, script }) => ({
    name,
    command: process.execPath,
    args: ['-e', script],
  }));
  const runner = `
    const { runTogether } = await import(${JSON.stringify(START_ALL_URL)});
    process.exitCode = await runTogether(${JSON.stringify(specs)}, { color: false, stopTimeoutMs: ${options.stopTimeoutMs ?? 5000} });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', runner], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buffered = '';
  let seen = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) {
      lines.push(line);
      const trigger = options.signalWhen;
      if (trigger && trigger.line.test(line) && ++seen === trigger.count) child.kill(trigger.signal);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.trimEnd().split('\n')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, lines }));
  });
}

const LONG_RUNNING = (name: string, readyFile = ''): string => `
  process.on('SIGTERM', () => { console.log('${name} got SIGTERM'); process.exit(0); });
  process.on('SIGINT', () => { console.log('${name} got SIGINT'); process.exit(0); });
  console.log('${name} up');
  if (${JSON.stringify(readyFile)}) require('node:fs').writeFileSync(${JSON.stringify(readyFile)}, '');
  setInterval(() => {}, 1000);`;

/** A script that waits until another process has written `readyFile` (its signal handlers are in place). */
const AFTER = (readyFile: string, then: string): string => `
  const poll = setInterval(() => {
    if (!require('node:fs').existsSync(${JSON.stringify(readyFile)})) return;
    clearInterval(poll);
    ${then}
  }, 20);`;

describe('tools/scripts/start-all.mjs', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'hotpath-start-all-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('prefixes every line with its process name and stops the others, with its code, when one exits', async () => {
    const betaReady = join(scratch, 'beta-ready');
    const outcome = await runTogether([
      {
        name: 'alpha',
        script: `console.log('hello'); console.error('to stderr');
          ${AFTER(betaReady, "console.log('done'); process.exit(3);")}`,
      },
      { name: 'beta', script: LONG_RUNNING('beta', betaReady) },
    ]);
    expect(outcome.code).toBe(3);
    expect(outcome.lines).toEqual(
      expect.arrayContaining([
        '[alpha] hello',
        '[alpha] to stderr',
        '[alpha] done',
        '[beta]  beta up',
        '[beta]  beta got SIGTERM',
      ]),
    );
    expect(outcome.lines.some((line) => /alpha exited with code 3; stopping the others/.test(line))).toBe(
      true,
    );
  });

  it('passes SIGTERM and SIGINT on to every process and waits for them', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const outcome = await runTogether(
        [
          { name: 'api', script: LONG_RUNNING('api') },
          { name: 'worker', script: LONG_RUNNING('worker') },
        ],
        { signalWhen: { line: / up$/, count: 2, signal } },
      );
      expect(outcome.lines, signal).toEqual(
        expect.arrayContaining([`[api]    api got ${signal}`, `[worker] worker got ${signal}`]),
      );
      expect(outcome.code, signal).toBe(signal === 'SIGTERM' ? 143 : 130);
    }
  });

  it('kills a process that ignores SIGTERM once the stop timeout has passed', async () => {
    const started = Date.now();
    const stubbornReady = join(scratch, 'stubborn-ready');
    const outcome = await runTogether(
      [
        { name: 'quick', script: AFTER(stubbornReady, 'process.exit(0);') },
        {
          name: 'stubborn',
          script: `process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
            require('node:fs').writeFileSync(${JSON.stringify(stubbornReady)}, '');
            setInterval(() => {}, 1000);`,
        },
      ],
      { stopTimeoutMs: 700 },
    );
    expect(outcome.code).toBe(0);
    expect(outcome.lines).toContain('[stubborn] ignoring SIGTERM');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('runs the built API, the worker and the dashboard preview on the configured ports', async () => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { hotpathProcesses } = await import(${JSON.stringify(START_ALL_URL)});
         console.log(JSON.stringify(hotpathProcesses({ PORT: '4000', DASHBOARD_PORT: '5200' })));`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    await new Promise((resolve) => child.on('close', resolve));
    const specs = z
      .array(
        z.object({
          name: z.string(),
          args: z.array(z.string()),
          env: z.record(z.string(), z.string()).optional(),
        }),
      )
      .parse(JSON.parse(output));
    expect(specs.map((spec) => spec.name)).toEqual(['api', 'worker', 'dashboard']);
    expect(specs[0]?.args).toEqual(['apps/api/run.mjs', 'api']);
    expect(specs[1]?.args).toEqual(['apps/api/run.mjs', 'worker']);
    for (const name of ['api', 'worker']) {
      expect(repoPathExists(sourceOfBuiltFile(apiEntryPoints()[name] ?? ''))).toBe(true);
    }
    const dashboard = specs[2];
    expect(dashboard?.args).toEqual(expect.arrayContaining(['preview', '--port', '5200']));
    expect(dashboard?.env).toEqual({ DASHBOARD_PORT: '5200', API_URL: 'http://127.0.0.1:4000' });
    const [bin = '', , , config = ''] = dashboard?.args ?? [];
    expect(repoPathExists(bin), bin).toBe(true);
    expect(repoPathExists(config), config).toBe(true);
  });
});
