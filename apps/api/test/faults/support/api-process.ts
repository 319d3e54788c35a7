import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The BUILT API, as production runs it; HOTPATH_TEST_API_JS points at another build. */
const API_JS = process.env['HOTPATH_TEST_API_JS'] ?? resolve(__dirname, '../../../dist/main.js');
const START_TIMEOUT_MS = 60_000;

/** A real API process (`node apps/api/dist/main.js`); its output is kept for failure messages. */
export class ApiProcess {
  readonly output: string[] = [];
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (this.output.length > 500) this.output.splice(0, this.output.length - 500);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolveExit) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        resolveExit(code);
      }),
    );
  }

  /** Spawns the API with `env` (on top of nothing but PATH) and waits until it listens. */
  static async start(env: Record<string, string>, port: number): Promise<ApiProcess> {
    const api = ApiProcess.spawn(env, port);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!api.output.some((line) => line.includes('API listening'))) {
      if (!api.alive) throw new Error(`the API exited before it listened:\n${api.describe()}`);
      if (Date.now() > deadline) {
        await api.kill();
        throw new Error(`the API did not listen within ${START_TIMEOUT_MS} ms:\n${api.describe()}`);
      }
      await new Promise((wait) => setTimeout(wait, 50));
    }
    return api;
  }

  /** Spawns the API without waiting for it (for a boot that must fail). */
  static spawn(env: Record<string, string>, port: number): ApiProcess {
    if (!existsSync(API_JS)) throw new Error(`${API_JS} is missing: run npx nx run api:build first`);
    const child = spawn(process.execPath, [API_JS], {
      cwd: resolve(__dirname, '../../../../..'),
      env: { PATH: process.env['PATH'] ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ApiProcess(child, port);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves with the exit code once the process has ended. */
  waitForExit(): Promise<number | null> {
    return this.exited;
  }

  async kill(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(graceMs = 10_000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  describe(): string {
    return this.output.slice(-40).join('\n') || '(no output)';
  }
}
