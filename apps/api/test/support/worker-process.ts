import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEST_ENV } from './test-env';
import { TestProcess } from './test-process';

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
 * SIGKILL it mid-job (no shutdown hook runs, open transactions are cut off, Bull's job lock is left to expire).
 */
export class WorkerProcess extends TestProcess {
  private constructor() {
    super('the worker');
  }

  /**
   * Starts a worker and resolves once it has logged that it started. `env` adds to (and wins over) the test env.
   * `timeoutMs` allows for a loaded machine, where loading the modules alone can take tens of seconds.
   */
  static async start(env: Record<string, string> = {}, timeoutMs = START_TIMEOUT_MS): Promise<WorkerProcess> {
    if (!existsSync(WORKER_JS)) throw new Error(`${WORKER_JS} is missing: run npx nx run api:build first`);
    const worker = new WorkerProcess();
    worker.spawnProcess(process.execPath, [WORKER_JS], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, ...TEST_ENV, ...FAST_STALL_RECOVERY, LOG_LEVEL: 'log', ...env },
    });
    await worker.waitReady(() => worker.output.some((line) => line.includes('Worker started')), timeoutMs);
    return worker;
  }

  get alive(): boolean {
    return this.running;
  }

  /** SIGTERM, then SIGKILL if the worker has not exited within `graceMs`. */
  override stop(graceMs = 10_000): ReturnType<TestProcess['stop']> {
    return super.stop(graceMs);
  }
}
