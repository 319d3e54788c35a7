import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { TestProcess } from '../../support/test-process';

/** The BUILT API, as production runs it; HOTPATH_TEST_API_JS points at another build. */
const API_JS = process.env['HOTPATH_TEST_API_JS'] ?? resolve(__dirname, '../../../dist/main.js');
const START_TIMEOUT_MS = 90_000;

/** A real API process (`node apps/api/dist/main.js`) with nothing but the given env; its output is kept. */
export class ApiProcess extends TestProcess {
  private constructor(readonly port: number) {
    super('the API', 500);
  }

  /** Spawns the API with `env` (on top of nothing but PATH) and waits until it listens. */
  static async start(env: Record<string, string>, port: number): Promise<ApiProcess> {
    const api = ApiProcess.spawn(env, port);
    await api.waitReady(() => api.output.some((line) => line.includes('API listening')), START_TIMEOUT_MS);
    return api;
  }

  /** Spawns the API without waiting for it (for a boot that must fail). */
  static spawn(env: Record<string, string>, port: number): ApiProcess {
    if (!existsSync(API_JS)) throw new Error(`${API_JS} is missing: run npx nx run api:build first`);
    const api = new ApiProcess(port);
    api.spawnProcess(process.execPath, [API_JS], {
      cwd: resolve(__dirname, '../../../../..'),
      env: { PATH: process.env['PATH'] ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    });
    return api;
  }

  get alive(): boolean {
    return this.running;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves with the exit code once the process has ended. */
  async waitForExit(): Promise<number | null> {
    return (await this.exited()).code;
  }

  override stop(graceMs = 10_000): ReturnType<TestProcess['stop']> {
    return super.stop(graceMs);
  }

  override describe(lines = 40): string {
    return super.describe(lines);
  }
}
