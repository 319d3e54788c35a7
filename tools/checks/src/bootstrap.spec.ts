// Over 300 lines: one contract, bootstrap.sh, whose cases share the sandbox and port helpers above them.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  apiEntryPoints,
  isExecutable,
  readRepoFile,
  repoPath,
  repoPathExists,
  sourceOfBuiltFile,
} from './lib/repo.ts';

const script = readRepoFile('bootstrap.sh');
const hasServers = ['/usr/sbin/mariadbd', '/usr/bin/redis-server'].every((path) => existsSync(path));

/** A project directory with its own copy of bootstrap.sh and the repository's built code linked in. */
function sandbox(env?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotpath-bootstrap-'));
  copyFileSync(repoPath('bootstrap.sh'), join(dir, 'bootstrap.sh'));
  for (const link of ['apps', 'libs', 'node_modules', 'tools', 'package-lock.json'])
    symlinkSync(repoPath(link), join(dir, link));
  if (env !== undefined) writeFileSync(join(dir, '.env'), env);
  return dir;
}

/** The environment minus every setting bootstrap reads (Nx, for one, loads the repository's .env into tasks). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(PORT|DASHBOARD_PORT|DATABASE_URL|REDIS_URL|NODE_ENV|ADMIN_TOKEN|HOTPATH_\w+)$/.test(key))
      env[key] = value;
  }
  return { ...env, ...extra };
}

function bootstrap(args: string[], cwd: string, env = cleanEnv()) {
  return spawnSync('bash', [join(cwd, 'bootstrap.sh'), ...args], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** Sources a copy of the script (which then only defines its functions) and runs `commands` with them. */
function withFunctions(dir: string, commands: string, env = cleanEnv()) {
  return spawnSync('bash', ['-c', `source ${JSON.stringify(join(dir, 'bootstrap.sh'))}\n${commands}`], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 90_000,
  });
}

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.end());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = await listen();
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ENV_FILE = [
  '# ports',
  'PORT=4100',
  'DASHBOARD_PORT="5199"',
  "DATABASE_URL='mysql://app:pa%27ss@127.0.0.1:1/shop'",
  'REDIS_URL=redis://127.0.0.1:1/3',
  'ADMIN_TOKEN=a-long-enough-admin-token',
  '',
].join('\n');

describe('bootstrap.sh', () => {
  const dirs: string[] = [];
  const project = (env?: string): string => {
    const dir = sandbox(env);
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is an executable bash script under 300 lines that stops at the first error', () => {
    expect(isExecutable('bootstrap.sh')).toBe(true);
    expect(script.split('\n')[0]).toMatch(/^#!\/usr\/bin\/env bash$/);
    expect(script).toMatch(/^set -euo pipefail$/m);
    expect(script.trimEnd().split('\n').length).toBeLessThan(300);
    const syntax = spawnSync('bash', ['-n', repoPath('bootstrap.sh')], { encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);
  });

  it('explains its sub-commands and refuses unknown ones', () => {
    const dir = project();
    const help = bootstrap(['help'], dir);
    expect(help.status).toBe(0);
    for (const command of ['start', 'stop', 'status']) expect(help.stdout).toContain(command);
    const unknown = bootstrap(['launch-rockets'], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Usage:');
  });

  it("takes its settings from the API's own loader: .env under the environment, test targets derived", () => {
    const dir = project(ENV_FILE);
    const fromFile = bootstrap(['status'], dir);
    expect(fromFile.stderr).toBe('');
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toMatch(/api\s+not started by bootstrap/);
    expect(fromFile.stdout).toContain('Dashboard  http://localhost:5199');
    expect(fromFile.stdout).toContain('API docs   http://127.0.0.1:4100/docs');
    expect(fromFile.stdout).toMatch(/mysql\s+not answering at 127\.0\.0\.1:1/);
    // Test databases beside the app's, on the same servers; the password is never printed.
    expect(fromFile.stdout).toContain('mysql://app:***@127.0.0.1:1/shop_test, redis://127.0.0.1:1/12');
    expect(fromFile.stdout).toContain('mysql://app:***@127.0.0.1:1/shop_e2e, redis://127.0.0.1:1/13');
    expect(fromFile.stdout).not.toContain('pa%27ss');

    const fromEnvironment = bootstrap(
      ['status'],
      dir,
      cleanEnv({ PORT: '4200', HOTPATH_E2E_API_PORT: '3399' }),
    );
    expect(fromEnvironment.stdout).toContain('API        http://127.0.0.1:4200');
    expect(fromEnvironment.stdout).toContain('browser tests: API 3399, dashboard 5174');
  });

  it('reads no .env itself and needs no ps', () => {
    expect(script).not.toMatch(/\b(grep|source|cat|read)\b[^\n]*\s\.env\b(?!\.example)/);
    expect(script).not.toMatch(/^\s*\.\s+\S*\.env\b/m);
    const code = script
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');
    expect(code).not.toMatch(/(^|[\s;|&(])(ps|pgrep|pkill)\s/m);
  });

  it("stops with the loader's own message, naming the variable, when the configuration is invalid", () => {
    const dir = project(ENV_FILE.replace('PORT=4100', 'PORT=eighty'));
    const result = bootstrap(['status'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('The configuration (.env and the environment) is not valid');
    expect(result.stderr).toMatch(/PORT: /);
  });

  it('has nothing to stop when it started nothing', () => {
    const stop = bootstrap(['stop'], project());
    expect(stop.status).toBe(0);
    expect(stop.stdout).not.toContain('stopped');
  });

  it("shows a failing step's own error lines and exit code, never a silent exit", () => {
    const result = withFunctions(
      project(),
      `step "Frobbing the widget" frob bash -c 'echo "frob: disk on fire" >&2; exit 3'`,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Frobbing the widget failed');
    expect(result.stderr).toContain('exited with code 3');
    expect(result.stderr).toContain('frob: disk on fire');
  });

  it('never starts a server for a host other than this one', () => {
    const result = withFunctions(
      project(),
      'DB_HOST=db.invalid DB_PORT=3306 REDIS_HOST=cache.invalid REDIS_PORT=6379 REDIS_PASSWORD=\nensure_mysql',
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('MySQL at db.invalid:3306 (DATABASE_URL) does not answer');
    expect(result.stdout).not.toContain('Starting MariaDB');
  });

  it('says which package to install when it may not install one', () => {
    const result = withFunctions(
      project(),
      `install_packages() { return 1; }\nneed_tool no-such-server no-such-package "MySQL at 127.0.0.1:1"`,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('MySQL at 127.0.0.1:1 does not answer, and bootstrap cannot start one');
    expect(result.stderr).toContain('sudo apt-get install -y no-such-package');
  });

  it('refuses a port that another program holds, naming the setting', async () => {
    const server = await listen();
    try {
      const port = portOf(server);
      const result = withFunctions(project(), `ensure_free DASHBOARD_PORT ${port}`);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`Port ${port} (DASHBOARD_PORT) is taken`);
      expect(withFunctions(project(), `ensure_free PORT ${await freePort()}`).status).toBe(0);
    } finally {
      server.close();
    }
  });

  it.runIf(hasServers)(
    "runs its own MariaDB and AOF Redis on the configured ports with DATABASE_URL's login, and stop waits for them",
    async () => {
      const dir = project();
      const [dbPort, redisPort] = [await freePort(), await freePort()];
      const result = withFunctions(
        dir,
        `DB_HOST=127.0.0.1 DB_PORT=${dbPort} DB_USER=app DB_PASSWORD="it's s3cret" NODE_ENV=development
         REDIS_HOST=127.0.0.1 REDIS_PORT=${redisPort} REDIS_PASSWORD=
         ensure_mysql && ensure_redis
         node -e '
           const { createConnection } = require("${repoPath('node_modules/mysql2/promise')}");
           createConnection({ host: "127.0.0.1", port: ${dbPort}, user: "app", password: "it\\x27s s3cret" })
             .then(async (c) => { const [rows] = await c.query("SELECT @@port AS port"); console.log("logged in, port " + String(rows[0].port)); await c.end(); })
             .catch((e) => { console.error(e.message); process.exit(1); });'
         echo "redis appendonly $(redis_ask 5 CONFIG GET appendonly | tail -n 1), appendfsync $(redis_ask 5 CONFIG GET appendfsync | tail -n 1)"
         halt redis; halt mysql
         tcp_answers 127.0.0.1 ${dbPort} && echo "mysql still answers" ; tcp_answers 127.0.0.1 ${redisPort} && echo "redis still answers"
         true`,
      );
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(`Starting MariaDB for the project on 127.0.0.1:${dbPort}`);
      expect(result.stdout).toContain(`logged in, port ${dbPort}`);
      expect(result.stdout).toContain('redis appendonly yes, appendfsync everysec');
      expect(result.stdout).toMatch(/stopped redis \(pid \d+\)[\s\S]*stopped mysql \(pid \d+\)/);
      expect(result.stdout).not.toContain('still answers');
      expect(existsSync(join(dir, '.run/mysql/data/mysql'))).toBe(true);
      expect(existsSync(join(dir, '.run/redis/appendonlydir'))).toBe(true);
    },
    90_000,
  );

  it.runIf(hasServers)('warns about a volatile Redis, and refuses it in production', async () => {
    const port = await freePort();
    const dir = project();
    const redis = withFunctions(
      dir,
      `launch volatile-redis redis-server --port ${port} --bind 127.0.0.1 --save "" --appendonly no --daemonize no`,
    );
    expect(redis.status).toBe(0);
    try {
      const check = (nodeEnv: string) =>
        withFunctions(
          dir,
          `REDIS_HOST=127.0.0.1 REDIS_PORT=${port} REDIS_PASSWORD= NODE_ENV=${nodeEnv}
          until redis_answers; do sleep 0.2; done; ensure_redis`,
        );
      const development = check('development');
      expect(development.status).toBe(0);
      expect(development.stderr).toContain('appendonly no');
      const production = check('production');
      expect(production.status).toBe(1);
      expect(production.stderr).toContain('a crash of it loses acknowledged writes');
    } finally {
      const pid = Number(readFileSync(join(dir, '.run/volatile-redis.pid'), 'utf8'));
      process.kill(pid, 'SIGTERM');
    }
  });

  it('runs npm ci only when package-lock.json changed since the last install', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotpath-install-'));
    dirs.push(dir);
    copyFileSync(repoPath('bootstrap.sh'), join(dir, 'bootstrap.sh'));
    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion": 3}');
    mkdirSync(join(dir, 'node_modules'));
    const install = () => withFunctions(dir, `npm() { echo "npm $*"; }\ninstall_dependencies`).stdout;

    expect(install()).toContain('Installing dependencies (npm ci)');
    expect(install()).toContain('skipping npm ci');
    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion": 3, "changed": true}');
    expect(install()).toContain('Installing dependencies (npm ci)');

    // npm install updates the lockfile and then its own record in node_modules: nothing left to do.
    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion": 3, "installed": true}');
    writeFileSync(join(dir, 'node_modules/.package-lock.json'), '{}');
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'node_modules/.package-lock.json'), later, later);
    expect(install()).toContain('skipping npm ci');
    expect(readFileSync(join(dir, 'node_modules/.hotpath-lock-sha256'), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    expect(install()).toContain('matches package-lock.json');
  });

  it('starts the API project only by entry point names, the ones npm start and the launcher know', () => {
    const startAll = readRepoFile('tools/scripts/start-all.mjs');
    expect(script).not.toMatch(/dist\/[\w/]+\.js/);
    expect(startAll).not.toMatch(/dist\/[\w/]+\.js/);
    for (const name of ['api', 'worker', 'migrate', 'seed', 'settings']) {
      expect(script).toMatch(new RegExp(`"\\$LAUNCHER" ${name}\\b`));
      const built = apiEntryPoints()[name] ?? '';
      expect(repoPathExists(sourceOfBuiltFile(built)), built).toBe(true);
    }
    expect(script).toContain('LAUNCHER=apps/api/run.mjs');
    expect(script).toContain('--config apps/dashboard/vite.config.mts');
    expect(startAll).toContain("'apps/dashboard/vite.config.mts'");
  });

  it("has a fresh-machine script that cannot reach this machine's servers", () => {
    const freshMachine = readRepoFile('tools/fresh-machine/run.sh');
    expect(isExecutable('tools/fresh-machine/run.sh')).toBe(true);
    const syntax = spawnSync('bash', ['-n', repoPath('tools/fresh-machine/run.sh')], { encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(freshMachine).toMatch(/debootstrap --variant=minbase [^\n]* bookworm/);
    expect(freshMachine).toMatch(/unshare --pid --fork --mount --uts --ipc --net /);
    expect(freshMachine).toContain('slirp4netns --configure --mtu=65520 --disable-host-loopback');
    expect(freshMachine).toMatch(/\.\/bootstrap\.sh;[^\n]*\n[^\n]*npm test;/);
  });

  it('keeps its run directory and the Node download cache out of git', () => {
    const ignored = readRepoFile('.gitignore').split('\n');
    expect(ignored).toContain('.run/');
    expect(ignored).toContain('.cache/');
  });
});
