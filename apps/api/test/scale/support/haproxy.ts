import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portOpen } from '../../support/private-servers';
import { TestProcess, type ProcessExit } from '../../support/test-process';

const HAPROXY = '/usr/sbin/haproxy';

/**
 * The balancer of the fleet test, as one would run it in front of API instances:
 * - a server counts as up only while GET /health/ready answers 200 (checked every 250 ms, out after two
 *   failures, so within about half a second), so a draining instance leaves the rotation before it stops
 *   listening;
 * - one request per server connection (http-server-close): no idle connection that a stopping server could
 *   close under a request the balancer is about to send;
 * - a request is re-sent to another server only when the connection to the first failed, so it never reached
 *   it; GET and HEAD may also be retried after an empty answer or a timeout, writes never are.
 */
function config(frontendPort: number, servers: readonly number[], socket: string): string {
  return `global
  stats socket ${socket} mode 600 level admin
  maxconn 4096

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout check 3s
  timeout http-keep-alive 10s
  option http-server-close
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout

frontend fleet
  bind 127.0.0.1:${frontendPort}
  default_backend api

backend api
  balance roundrobin
  http-request disable-l7-retry unless METH_GET || METH_HEAD
  option httpchk GET /health/ready
  http-check expect status 200
  default-server inter 250ms fastinter 250ms downinter 250ms fall 2 rise 2
${servers.map((port, index) => `  server api${index + 1} 127.0.0.1:${port} check`).join('\n')}
`;
}

export class Haproxy extends TestProcess {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {
    super('haproxy');
  }

  /** Writes the configuration and starts HAProxy in the foreground on `port`. */
  static async start(port: number, servers: readonly number[]): Promise<Haproxy> {
    const dir = mkdtempSync(join(tmpdir(), 'hotpath-haproxy-'));
    const file = join(dir, 'haproxy.cfg');
    writeFileSync(file, config(port, servers, join(dir, 'admin.sock')));
    const balancer = new Haproxy(port, dir);
    balancer.spawnProcess(HAPROXY, ['-db', '-f', file]);
    await balancer
      .waitReady(() => portOpen(port), 10_000)
      .catch((error: unknown) => {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      });
    return balancer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Each server's state as HAProxy sees it (`UP`, `DOWN`, `UP 1/2`...), by server name. */
  async serverStates(): Promise<Map<string, string>> {
    const csv = await this.command('show stat');
    const lines = csv.split('\n').filter((line) => line.startsWith('api,api'));
    return new Map(
      lines.map((line) => {
        const fields = line.split(',');
        return [fields[1] ?? '', fields[17] ?? ''];
      }),
    );
  }

  /** Resolves once the server is UP in the balancer's eyes. */
  async waitUntilUp(server: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await this.serverStates();
      if (states.get(server) === 'UP') return;
      if (Date.now() > deadline) {
        throw new Error(
          `${server} is not UP in haproxy after ${timeoutMs} ms: ${JSON.stringify([...states])}\n${this.describe(10)}`,
        );
      }
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }

  /** SIGTERM, then removes the configuration folder. */
  override async stop(): Promise<ProcessExit> {
    const exit = await super.stop();
    rmSync(this.dir, { recursive: true, force: true });
    return exit;
  }

  private async command(line: string): Promise<string> {
    return new Promise((resolveAnswer, reject) => {
      const socket = createConnection(join(this.dir, 'admin.sock'));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
      socket.once('error', reject);
      socket.once('end', () => resolveAnswer(answer));
      socket.once('connect', () => socket.end(`${line}\n`));
    });
  }
}
