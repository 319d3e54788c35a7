import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestProcess } from './test-process';

/**
 * Private `redis-server` and `mariadbd` processes for the fault, replica and cluster tiers: their own data
 * folder and port, so a test may SIGKILL them without touching the shared servers a developer uses.
 */

const START_TIMEOUT_MS = 30_000;

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** True when something accepts TCP connections on the port right now. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise<boolean>((resolveOpen) => {
    const socket = new Socket();
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolveOpen(true);
    });
    socket.once('error', () => resolveOpen(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolveOpen(false);
    });
    socket.connect(port, '127.0.0.1');
  });
}

/** One server process that can be killed (-9) or stopped (TERM) and started again on the same port and data. */
abstract class PrivateServer extends TestProcess {
  protected constructor(
    name: string,
    readonly port: number,
    readonly dir: string,
  ) {
    super(name, 200);
  }

  protected abstract command(): { file: string; args: string[] };

  /** Starts the process and waits until it accepts connections. */
  async start(): Promise<void> {
    if (this.running) return;
    const { file, args } = this.command();
    this.spawnProcess(file, args);
    await this.waitReady(() => portOpen(this.port), START_TIMEOUT_MS);
  }

  /** Stops the server (if running) and removes its data folder. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface PrivateRedisOptions {
  /** Log every write to an append-only file (default true): what a queue Redis must do. */
  appendonly?: boolean;
  appendfsync?: 'always' | 'everysec' | 'no';
  cluster?: boolean;
  extraArgs?: string[];
}

/** A private `redis-server` on its own port and folder. */
export class PrivateRedis extends PrivateServer {
  private constructor(
    port: number,
    dir: string,
    private readonly options: PrivateRedisOptions,
  ) {
    super('redis-server', port, dir);
  }

  static async start(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    const server = new PrivateRedis(await freePort(), mkdtempSync(join(tmpdir(), 'hotpath-redis-')), options);
    await server.start();
    return server;
  }

  url(db = 0): string {
    return `redis://127.0.0.1:${this.port}/${db}`;
  }

  protected command(): { file: string; args: string[] } {
    const { appendonly = true, appendfsync = 'everysec', cluster = false, extraArgs = [] } = this.options;
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      appendonly ? 'yes' : 'no',
      '--appendfsync',
      appendfsync,
      '--daemonize',
      'no',
      '--logfile',
      '',
    ];
    if (cluster) args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(this.dir, 'nodes.conf'));
    return { file: 'redis-server', args: [...args, ...extraArgs] };
  }
}

export interface PrivateMariadbOptions {
  /** Write a binary log with this server id (a replication primary needs one). */
  serverId?: number;
  binlog?: boolean;
  readOnly?: boolean;
  extraArgs?: string[];
}

/** A private `mariadbd` (fresh datadir, own port and socket, no grant tables: anyone may connect as root). */
export class PrivateMariadb extends PrivateServer {
  private constructor(
    port: number,
    dir: string,
    private readonly options: PrivateMariadbOptions,
  ) {
    super('mariadbd', port, dir);
  }

  static async start(options: PrivateMariadbOptions = {}): Promise<PrivateMariadb> {
    const root = mkdtempSync(join(tmpdir(), 'hotpath-mariadb-'));
    const datadir = join(root, 'data');
    mkdirSync(datadir);
    // Its own temporary directory: bootstraps running side by side in the shared /tmp were seen to trip over each other.
    mkdirSync(join(root, 'tmp'));
    const install = spawnSync(
      'mariadb-install-db',
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--tmpdir=${join(root, 'tmp')}`,
        '--user=root',
        '--skip-test-db',
        '--auth-root-authentication-method=normal',
      ],
      { encoding: 'utf8' },
    );
    if (install.status !== 0) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`mariadb-install-db failed:\n${install.stdout}\n${install.stderr}`);
    }
    const server = new PrivateMariadb(await freePort(), root, options);
    await server.start();
    return server;
  }

  url(database: string): string {
    return `mysql://root@127.0.0.1:${this.port}/${database}`;
  }

  protected command(): { file: string; args: string[] } {
    const { serverId, binlog = false, readOnly = false, extraArgs = [] } = this.options;
    const args = [
      '--no-defaults',
      `--datadir=${join(this.dir, 'data')}`,
      `--tmpdir=${join(this.dir, 'tmp')}`,
      '--user=root',
      `--port=${this.port}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(this.dir, 'mariadb.sock')}`,
      `--pid-file=${join(this.dir, 'mariadb.pid')}`,
      '--skip-grant-tables',
      '--innodb-buffer-pool-size=64M',
      '--innodb-log-file-size=16M',
      '--max-connections=500',
    ];
    if (serverId !== undefined) args.push(`--server-id=${serverId}`);
    if (binlog) args.push(`--log-bin=${join(this.dir, 'binlog')}`, '--binlog-format=ROW');
    if (readOnly) args.push('--read-only');
    return { file: 'mariadbd', args: [...args, ...extraArgs] };
  }
}
