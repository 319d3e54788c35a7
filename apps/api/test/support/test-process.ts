import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

/** How a process ended: its exit code, or the signal that ended it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnSettings {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * One child process a test starts, waits for, kills (-9) or stops (TERM), and may start again: the base of the
 * API, worker and server wrappers. Its output is kept line by line for the failure message of a test.
 */
export abstract class TestProcess {
  readonly output: string[] = [];
  private child: ChildProcess | undefined;
  private ended: Promise<ProcessExit> = Promise.resolve({ code: null, signal: null });

  /** `name` goes into failure messages; only the last `keptLines` lines of output are kept. */
  protected constructor(
    readonly name: string,
    private readonly keptLines = Number.POSITIVE_INFINITY,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts `file` with `args`; stdout and stderr are kept as lines. */
  protected spawnProcess(file: string, args: readonly string[], settings: SpawnSettings = {}): void {
    const child = spawn(file, args, { ...settings, stdio: ['ignore', 'pipe', 'pipe'] });
    this.keepLines(child.stdout);
    this.keepLines(child.stderr);
    this.child = child;
    this.ended = new Promise((resolveExit) =>
      child.once('exit', (code, signal) => resolveExit({ code, signal })),
    );
  }

  /**
   * Resolves once `ready()` says so (asked every `pollMs`). When the process exits first or `timeoutMs` pass,
   * it is killed and the error shows its last output.
   */
  protected async waitReady(
    ready: () => boolean | Promise<boolean>,
    timeoutMs: number,
    pollMs = 50,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await ready())) {
      if (!this.running) throw new Error(`${this.name} exited before it started:\n${this.describe()}`);
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(`${this.name} did not start within ${timeoutMs} ms:\n${this.describe()}`);
      }
      await new Promise((wait) => setTimeout(wait, pollMs));
    }
  }

  /** Resolves once the process has ended (at once when it never started). */
  protected exited(): Promise<ProcessExit> {
    return this.ended;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed that the process had not already written. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGKILL');
    await this.ended;
  }

  /** SIGTERM and wait for the end; SIGKILL once `graceMs` have passed, when given. */
  async stop(graceMs?: number): Promise<ProcessExit> {
    if (!this.running) return this.ended;
    this.child?.kill('SIGTERM');
    const timer = graceMs === undefined ? undefined : setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    const exit = await this.ended;
    clearTimeout(timer);
    return exit;
  }

  /** The last `lines` lines of output, for a failure message. */
  describe(lines = 30): string {
    return this.output.slice(-lines).join('\n') || '(no output)';
  }

  /** Keeps a stream's whole lines; a line cut between two chunks is joined again. */
  private keepLines(stream: Readable | null): void {
    let partial = '';
    const keep = (lines: string[]): void => {
      this.output.push(...lines.filter(Boolean));
      if (this.output.length > this.keptLines) this.output.splice(0, this.output.length - this.keptLines);
    };
    stream?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      keep(lines);
    });
    stream?.on('end', () => keep([partial]));
  }
}
