import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEST_ENV } from './test-env';

/** The BUILT API (`node apps/api/dist/main.js`); HOTPATH_TEST_MAIN_JS points at another build. */
const MAIN_JS = process.env['HOTPATH_TEST_MAIN_JS'] ?? resolve(__dirname, '../../dist/main.js');
const START_TIMEOUT_MS = 90_000;

/** One JSON log line of the API (the app logger's and the request log's shape). */
export interface LogLine {
  level: string;
  pid: number;
  message: string;
  context?: string;
  [field: string]: unknown;
}

/**
 * A real API process (the cluster primary and its children when API_PROCESSES > 1) on the test database and
 * Redis DB, for tests that need the production entry point: cluster, metrics port, request log.
 */
export class ApiProcess {
  readonly output: string[] = [];
  private readonly exited: Promise<void>;
  private running = true;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    let partial = '';
    const keep = (chunk: Buffer): void => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      this.output.push(...lines.filter(Boolean));
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

  /** Starts the API on `port` and resolves once every process listens. `env` wins over the test env. */
  static async start(port: number, env: Record<string, string> = {}): Promise<ApiProcess> {
    if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run npx nx run api:build first`);
    const processes = Number(env['API_PROCESSES'] ?? '1');
    const child = spawn(process.execPath, [MAIN_JS], {
      cwd: resolve(__dirname, '../../../..'),
      env: { ...process.env, ...TEST_ENV, LOG_LEVEL: 'log', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const api = new ApiProcess(child, port);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (api.logLines().filter((line) => line.message.startsWith('API listening')).length < processes) {
      if (!api.running) throw new Error(`the API exited before it started:\n${api.describe()}`);
      if (Date.now() > deadline) {
        await api.kill();
        throw new Error(`the API did not start within ${START_TIMEOUT_MS} ms:\n${api.describe()}`);
      }
      await new Promise((wait) => setTimeout(wait, 100));
    }
    return api;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.running;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Every JSON line written so far (other output, e.g. a crash's stack, is left out). */
  logLines(): LogLine[] {
    return this.output.flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
  }

  /** The pids of the processes that said they listen (in cluster mode: the children). */
  listeningPids(): number[] {
    return [
      ...new Set(
        this.logLines()
          .filter((line) => line.message.startsWith('API listening'))
          .map((line) => line.pid),
      ),
    ];
  }

  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 20_000): Promise<void> {
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
