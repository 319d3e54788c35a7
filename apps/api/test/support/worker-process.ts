import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEST_ENV } from './test-env';

/**
 * The BUILT worker: the integration tier builds the API before it runs (`npx nx run api:build`).
 * HOTPATH_TEST_WORKER_JS points at another build, e.g. a private one while others rebuild apps/api/dist.
 */
const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
const ENTRY_POINTS = JSON.parse(
  readFileSync(resolve(WORKSPACE_ROOT, 'apps/api/entry-points.json'), 'utf8'),
) as {
  worker: string;
};
const WORKER_JS = process.env['HOTPATH_TEST_WORKER_JS'] ?? resolve(WORKSPACE_ROOT, ENTRY_POINTS.worker);
const START_TIMEOUT_MS = 30_000;

/**
 * Short lock and stalled-check intervals, so that the job of a killed worker is handed to another one within
 * about three seconds instead of the production defaults.
 */
const FAST_STALL_RECOVERY = { QUEUE_LOCK_DURATION_MS: '2000', QUEUE_STALLED_INTERVAL_MS: '1000' };

/**
 * A real worker process (`node apps/api/dist/worker.js`) on the test database and Redis DB, for tests that
 * SIGKILL it mid-job. Its output is kept for the failure message of a test.
 */
export class WorkerProcess {
  readonly output: string[] = [];
  private readonly exited: Promise<void>;
  private running = true;

  private constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer): void => {
      this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolveExit) =>
      child.once('exit', () => {
        this.running = false;
        resolveExit();
      }),
    );
  }

  /**
   * Starts a worker and resolves once it has logged that it started. `env` adds to (and wins over) the test env.
   * `timeoutMs` allows for a loaded machine, where loading the modules alone can take tens of seconds.
   */
  static async start(env: Record<string, string> = {}, timeoutMs = START_TIMEOUT_MS): Promise<WorkerProcess> {
    if (!existsSync(WORKER_JS)) throw new Error(`${WORKER_JS} is missing: run npx nx run api:build first`);
    const child = spawn(process.execPath, [WORKER_JS], {
      cwd: resolve(__dirname, '../../../..'),
      env: { ...process.env, ...TEST_ENV, ...FAST_STALL_RECOVERY, LOG_LEVEL: 'log', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    const deadline = Date.now() + timeoutMs;
    while (!worker.output.some((line) => line.includes('Worker started'))) {
      if (!worker.running) throw new Error(`the worker exited before it started:\n${worker.describe()}`);
      if (Date.now() > deadline) {
        await worker.kill();
        throw new Error(`the worker did not start within ${timeoutMs} ms:\n${worker.describe()}`);
      }
      await new Promise((wait) => setTimeout(wait, 50));
    }
    return worker;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.running;
  }

  /** SIGKILL: no shutdown hook runs, open transactions are cut off, Bull's job lock is left to expire. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL if the worker has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  describe(): string {
    return this.output.slice(-30).join('\n') || '(no output)';
  }
}
