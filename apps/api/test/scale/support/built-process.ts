import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEST_ENV } from '../../support/test-env';

/** The BUILT API and worker (`npx nx run api:build`); the variables point at another build. */
const API_JS = process.env['HOTPATH_TEST_API_JS'] ?? resolve(__dirname, '../../../dist/main.js');
const WORKER_JS = process.env['HOTPATH_TEST_WORKER_JS'] ?? resolve(__dirname, '../../../dist/worker.js');
/** Generous: the fleet starts processes while others serve a stream of writes on a small shared machine. */
const START_TIMEOUT_MS = 90_000;

/**
 * A real API (`node apps/api/dist/main.js`, on a port of its own) or worker process, started again after a
 * stop with the same settings, and stopped with SIGTERM as Kubernetes or a process manager does.
 */
export class BuiltProcess {
  readonly output: string[] = [];
  private child: ChildProcess | undefined;
  private exited: Promise<string> = Promise.resolve('not started');

  private constructor(
    readonly name: string,
    private readonly script: string,
    private readonly readyLine: string,
    private readonly env: Record<string, string>,
  ) {}

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

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and resolves once it says it is ready. */
  async start(): Promise<void> {
    if (!existsSync(this.script))
      throw new Error(`${this.script} is missing: run npx nx run api:build first`);
    this.output.length = 0;
    const child = spawn(process.execPath, [this.script], {
      cwd: resolve(__dirname, '../../../../..'),
      env: {
        ...process.env,
        ...TEST_ENV,
        LOG_LEVEL: 'log',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer): void => {
      this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (this.output.length > 300) this.output.splice(0, this.output.length - 300);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.child = child;
    this.exited = new Promise((resolveExit) =>
      child.once('exit', (code, signal) =>
        resolveExit(signal === null ? `exit ${code}` : `signal ${signal}`),
      ),
    );
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!this.output.some((line) => line.includes(this.readyLine))) {
      if (!this.running) throw new Error(`${this.name} exited before it started:\n${this.describe()}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${this.name} did not start within ${START_TIMEOUT_MS} ms:\n${this.describe()}`);
      }
      await new Promise((wait) => setTimeout(wait, 50));
    }
  }

  /**
   * SIGTERM and wait for the end (SIGKILL after `graceMs`); answers how it ended: `exit <code>`, or
   * `signal <name>` (Nest's shutdown hooks re-raise the signal once they are done).
   */
  async stop(graceMs = 30_000): Promise<string> {
    if (!this.running) return this.exited;
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  describe(): string {
    return this.output.slice(-30).join('\n') || '(no output)';
  }
}
