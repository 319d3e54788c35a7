import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEST_ENV } from '../../support/test-env';
import { TestProcess } from '../../support/test-process';

/** The BUILT API and worker (`npx nx run api:build`); the variables point at another build. */
const API_JS = process.env['HOTPATH_TEST_API_JS'] ?? resolve(__dirname, '../../../dist/main.js');
const WORKER_JS = process.env['HOTPATH_TEST_WORKER_JS'] ?? resolve(__dirname, '../../../dist/worker.js');
/** Generous: the fleet starts processes while others serve a stream of writes on a small shared machine. */
const START_TIMEOUT_MS = 90_000;

/**
 * A real API (`node apps/api/dist/main.js`, on a port of its own) or worker process, started again after a
 * stop with the same settings, and stopped with SIGTERM as Kubernetes or a process manager does.
 */
export class BuiltProcess extends TestProcess {
  private constructor(
    name: string,
    private readonly script: string,
    private readonly readyLine: string,
    private readonly env: Record<string, string>,
  ) {
    super(name, 300);
  }

  static api(name: string, port: number, env: Record<string, string>): BuiltProcess {
    const listening = { HOST: '127.0.0.1', PORT: String(port) };
    return new BuiltProcess(name, API_JS, `API listening on http://127.0.0.1:${port}`, {
      ...env,
      ...listening,
    });
  }

  static worker(name: string, env: Record<string, string>): BuiltProcess {
    return new BuiltProcess(name, WORKER_JS, 'Worker started', env);
  }

  /** Starts the process and resolves once it says it is ready. */
  async start(): Promise<void> {
    if (!existsSync(this.script))
      throw new Error(`${this.script} is missing: run npx nx run api:build first`);
    this.output.length = 0;
    this.spawnProcess(process.execPath, [this.script], {
      cwd: resolve(__dirname, '../../../../..'),
      env: { ...process.env, ...TEST_ENV, LOG_LEVEL: 'log', ...this.env },
    });
    await this.waitReady(() => this.output.some((line) => line.includes(this.readyLine)), START_TIMEOUT_MS);
  }

  /** SIGTERM and wait for the end (SIGKILL after `graceMs`); Nest's shutdown hooks re-raise the signal. */
  override stop(graceMs = 30_000): ReturnType<TestProcess['stop']> {
    return super.stop(graceMs);
  }
}
