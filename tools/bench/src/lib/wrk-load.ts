import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadOptions } from './load';
import { countUnexpected, type RunKind, type RunMeasurement } from './measurement';
import type { RequestPool } from './request-pool';
import { parseOutcomes, parseWrkOutput, statusCounts, type LoggedOutcome } from './wrk-output';

/** tools/bench/dist/lib → tools/bench/lua/requests.lua */
export const WRK_SCRIPT = join(__dirname, '../../lua/requests.lua');

/** Whether `wrk` is on the PATH (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk). */
export function wrkAvailable(): boolean {
  const probe = spawnSync('wrk', ['--version'], { stdio: 'ignore' });
  return probe.error === undefined;
}

export interface WrkLoadOptions extends Omit<LoadOptions, 'requests'> {
  pool: RequestPool;
  threads: number;
  /** Requests a tracked pool must hold before the run: a generous guess at what the run will send. */
  minimumRequests: number;
  /** Called when a thread ran out of pre-generated requests (the run's rate is then understated). */
  onExhausted?: () => void;
}

function readOutcomes(prefix: string, threads: number): LoggedOutcome[] {
  const outcomes: LoggedOutcome[] = [];
  for (let thread = 0; thread < threads; thread++) {
    const file = `${prefix}.${thread}`;
    if (!existsSync(file)) continue;
    outcomes.push(...parseOutcomes(readFileSync(file)));
    rmSync(file, { force: true });
  }
  return outcomes;
}

/** One wrk run of a pool's requests against `url`, reduced to the bench's measurement. */
export async function runWrk(kind: RunKind, index: number, options: WrkLoadOptions): Promise<RunMeasurement> {
  const { pool } = options;
  const startedAt = new Date().toISOString();
  const requestFile = pool.prepare(options.minimumRequests);
  const recordOutcomes = pool.tracked || pool.sampleEvery > 0;
  const outcomePrefix = `${requestFile}.outcomes`;
  const countStatuses = options.expectedStatuses.some((status) => status !== 200) || pool.tracked;
  const threads = Math.min(options.threads, options.connections);
  const args = [
    `-t${threads}`,
    `-c${options.connections}`,
    `-d${options.durationSeconds}s`,
    '--timeout',
    '10s',
    '-s',
    WRK_SCRIPT,
    options.url,
    '--',
    requestFile,
    recordOutcomes ? outcomePrefix : '-',
    pool.tracked ? '0' : '1',
    String(pool.sampleEvery),
    countStatuses ? '1' : '0',
    String(threads),
  ];
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const onAbort = (): void => {
      child.kill('SIGINT');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const started = Date.now();
    const every = (options.progressEverySeconds ?? 10) * 1000;
    const ticker =
      options.onProgress === undefined
        ? undefined
        : setInterval(() => {
            const elapsed = Math.round((Date.now() - started) / 1000);
            if (elapsed < options.durationSeconds) options.onProgress?.(elapsed, Number.NaN);
          }, every);
    child.once('error', reject);
    child.once('close', (code) => {
      if (ticker !== undefined) clearInterval(ticker);
      options.signal?.removeEventListener('abort', onAbort);
      const text = Buffer.concat(out).toString('utf8');
      if (code === 0 || options.signal?.aborted === true) resolve(text);
      else reject(new Error(`wrk exited with ${code}: ${Buffer.concat(err).toString('utf8')}\n${text}`));
    });
  });
  const result = parseWrkOutput(stdout);
  pool.settle(recordOutcomes ? readOutcomes(outcomePrefix, threads) : [], result.sentByThread);
  if (pool.tracked) rmSync(requestFile, { force: true });
  if (result.exhaustedThreads > 0) options.onExhausted?.();

  const statusCodes = statusCounts(result);
  const unexpectedResponses = countUnexpected(statusCodes, options.expectedStatuses);
  const connectionErrors = result.errors.connect + result.errors.read + result.errors.write;
  const seconds = result.durationUs / 1e6;
  const ms = (us: number): number => Math.round(us / 10) / 100;
  return {
    kind,
    index,
    startedAt,
    durationSeconds: seconds,
    connections: options.connections,
    responses: result.requests,
    requestsPerSecond: seconds > 0 ? result.requests / seconds : 0,
    latencyMs: {
      mean: ms(result.latencyUs.mean),
      p50: ms(result.latencyUs.p50),
      p90: ms(result.latencyUs.p90),
      p99: ms(result.latencyUs.p99),
      max: ms(result.latencyUs.max),
    },
    statusCodes,
    unexpectedResponses,
    connectionErrors,
    timeouts: result.errors.timeout,
    errors: unexpectedResponses + connectionErrors + result.errors.timeout,
  };
}
