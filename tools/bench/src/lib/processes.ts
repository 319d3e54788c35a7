import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

const TAIL_LINES = 40;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A child process the bench started: its output is echoed with a `[name]` prefix and the last lines are
 * kept for the error message when it dies early. `stop()` asks with SIGTERM and insists with SIGKILL.
 */
export class ServiceProcess {
  readonly exited: Promise<ExitStatus>;
  private readonly tail: string[] = [];
  private exitStatus: ExitStatus | undefined;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    echo: (line: string) => void,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.tail.push(line);
        if (this.tail.length > TAIL_LINES) this.tail.shift();
        echo(`[${name}] ${line}`);
      });
    }
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      });
      child.once('error', (error) => {
        this.tail.push(String(error));
        this.exitStatus = { code: null, signal: null };
        resolve(this.exitStatus);
      });
    });
  }

  /** Runs `node <script>` with the given environment (added to this process's own). */
  static node(
    name: string,
    script: string,
    options: { cwd: string; env: Record<string, string>; nodeArgs?: string[]; echo: (line: string) => void },
  ): ServiceProcess {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(name, child, options.echo);
  }

  /** Forks a script that reports `{ port }` over IPC once it listens; resolves with the port. */
  static async forkListening(
    name: string,
    script: string,
    options: { env: Record<string, string>; echo: (line: string) => void; timeoutMs: number },
  ): Promise<{ process: ServiceProcess; port: number }> {
    const child = fork(script, [], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const service = new ServiceProcess(name, child, options.echo);
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${name} did not report a port within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      child.once('message', (message: unknown) => {
        clearTimeout(timer);
        const reported = (message as { port?: unknown } | null)?.port;
        if (typeof reported === 'number') resolve(reported);
        else reject(new Error(`${name} sent ${JSON.stringify(message)} instead of its port`));
      });
      void service.exited.then((status) => {
        clearTimeout(timer);
        reject(
          new Error(`${name} exited (${describeExit(status)}) before listening:\n${service.recentOutput()}`),
        );
      });
    });
    return { process: service, port };
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitStatus === undefined;
  }

  get exitDescription(): string {
    return this.exitStatus === undefined ? 'running' : describeExit(this.exitStatus);
  }

  recentOutput(): string {
    return this.tail.length === 0 ? '(no output)' : this.tail.join('\n');
  }

  async stop(graceMs = 8000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

function describeExit(status: ExitStatus): string {
  return status.signal !== null ? `signal ${status.signal}` : `code ${String(status.code)}`;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

/** Undo steps run in reverse order of registration, once, each one even when an earlier one fails. */
export class CleanupStack {
  private readonly steps: Array<{ label: string; run: () => Promise<void> }> = [];
  private running: Promise<boolean> | undefined;

  add(label: string, run: () => Promise<void>): void {
    this.steps.push({ label, run });
  }

  /** Resolves with true when every step succeeded; calling it again returns the same outcome. */
  async runAll(log: (line: string) => void): Promise<boolean> {
    this.running ??= (async () => {
      let clean = true;
      for (const step of this.steps.splice(0).reverse()) {
        try {
          await step.run();
          log(`cleanup: ${step.label}`);
        } catch (error) {
          clean = false;
          log(`cleanup: ${step.label} FAILED: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return clean;
    })();
    return this.running;
  }
}
