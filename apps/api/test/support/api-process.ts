import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEST_ENV } from './test-env';
import { TestProcess } from './test-process';

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
export class ApiProcess extends TestProcess {
  private constructor(readonly port: number) {
    super('the API');
  }

  /** Starts the API on `port` and resolves once every process listens. `env` wins over the test env. */
  static async start(port: number, env: Record<string, string> = {}): Promise<ApiProcess> {
    if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run npx nx run api:build first`);
    const processes = Number(env['API_PROCESSES'] ?? '1');
    const api = new ApiProcess(port);
    api.spawnProcess(process.execPath, [MAIN_JS], {
      cwd: resolve(__dirname, '../../../..'),
      env: { ...process.env, ...TEST_ENV, LOG_LEVEL: 'log', ...env, PORT: String(port) },
    });
    const listening = (): number =>
      api.logLines().filter((line) => line.message.startsWith('API listening')).length;
    await api.waitReady(() => listening() >= processes, START_TIMEOUT_MS, 100);
    return api;
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

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  override stop(graceMs = 20_000): ReturnType<TestProcess['stop']> {
    return super.stop(graceMs);
  }
}
