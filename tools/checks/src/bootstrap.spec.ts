import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isExecutable, readRepoFile, repoPath, repoPathExists, sourceOfBuiltFile } from './lib/repo.ts';

const script = readRepoFile('bootstrap.sh');

function bootstrap(args: string[], cwd = repoPath('.'), env: NodeJS.ProcessEnv = process.env) {
  return spawnSync('bash', [join(cwd, 'bootstrap.sh'), ...args], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 20_000,
  });
}

/** Sources the script (which then only defines its functions) and runs `commands` with them. */
function withFunctions(script: string, commands: string) {
  return spawnSync('bash', ['-c', `source ${JSON.stringify(script)}\n${commands}`], {
    encoding: 'utf8',
    timeout: 20_000,
  });
}

/** The environment minus the settings bootstrap reads (Nx, for one, loads the repository's .env into tasks). */
function withoutSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const {
    PORT: _port,
    DASHBOARD_PORT: _dashboard,
    DATABASE_URL: _database,
    REDIS_URL: _redis,
    ...rest
  } = env;
  return rest;
}

// Nothing listens on port 1, so connections to it are refused at once.
const CLOSED = { database: 'mysql://root@127.0.0.1:1/hotpath', redis: 'redis://127.0.0.1:1' };

describe('bootstrap.sh', () => {
  const sandbox = mkdtempSync(join(tmpdir(), 'hotpath-bootstrap-'));
  afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

  it('is an executable bash script that stops at the first error', () => {
    expect(isExecutable('bootstrap.sh')).toBe(true);
    expect(script.split('\n')[0]).toMatch(/^#!\/usr\/bin\/env bash$|^#!\/bin\/bash$/);
    expect(script).toMatch(/^set -euo pipefail$/m);
    const syntax = spawnSync('bash', ['-n', repoPath('bootstrap.sh')], { encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);
  });

  it('explains its sub-commands and refuses unknown ones', () => {
    const help = bootstrap(['help']);
    expect(help.status).toBe(0);
    for (const command of ['start', 'stop', 'status']) expect(help.stdout).toContain(command);
    const unknown = bootstrap(['launch-rockets']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Usage:');
  });

  it('reads its settings from .env, with the environment taking precedence', () => {
    copyFileSync(repoPath('bootstrap.sh'), join(sandbox, 'bootstrap.sh'));
    writeFileSync(
      join(sandbox, '.env'),
      [
        '# ports',
        'export PORT = 4100   # the API',
        'DASHBOARD_PORT="5199"',
        "DATABASE_URL='mysql://root@127.0.0.1:1/hotpath'",
        'REDIS_URL=redis://127.0.0.1:1',
        '',
      ].join('\n'),
    );
    const fromFile = bootstrap(['status'], sandbox, withoutSettings(process.env));
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toMatch(/api\s+not running/);
    expect(fromFile.stdout).toContain('Dashboard  http://localhost:5199');
    expect(fromFile.stdout).toContain('API docs   http://127.0.0.1:4100/docs');
    expect(fromFile.stdout).toMatch(/mysql\s+not answering at 127\.0\.0\.1:1/);

    const fromEnvironment = bootstrap(['status'], sandbox, { ...withoutSettings(process.env), PORT: '4200' });
    expect(fromEnvironment.stdout).toContain('API        http://127.0.0.1:4200');
  });

  it('has nothing to stop when it started nothing', () => {
    const stop = bootstrap(['stop'], sandbox);
    expect(stop.status).toBe(0);
    expect(stop.stdout).not.toMatch(/stopped (api|worker|dashboard)/);
  });

  it('says exactly what to install when MySQL and Redis do not answer and it cannot start them', () => {
    const result = withFunctions(
      repoPath('bootstrap.sh'),
      `docker_ready() { return 1; }
       can_install_packages() { return 1; }
       DATABASE_URL=${CLOSED.database} REDIS_URL=${CLOSED.redis}
       ensure_services`,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'Not answering: MySQL 8 or MariaDB 10.11+ at 127.0.0.1:1 and Redis 6+ at 127.0.0.1:1',
    );
    expect(result.stderr).toContain('apt-get install -y mariadb-server redis-server');
    expect(result.stderr).toContain('Docker Engine with the compose plugin');
  });

  it('never tries to start a server that DATABASE_URL places on another host', () => {
    const result = withFunctions(
      repoPath('bootstrap.sh'),
      `docker_ready() { echo "asked docker"; return 0; }
       DATABASE_URL=mysql://root@db.invalid:3306/hotpath REDIS_URL=${CLOSED.redis}
       ensure_services`,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('MySQL at db.invalid:3306 (DATABASE_URL) does not answer');
    expect(result.stdout).not.toContain('asked docker');
  });

  it('starts a missing MySQL with Docker, giving it the password DATABASE_URL in .env then uses', () => {
    const project = mkdtempSync(join(tmpdir(), 'hotpath-docker-'));
    try {
      copyFileSync(repoPath('bootstrap.sh'), join(project, 'bootstrap.sh'));
      writeFileSync(
        join(project, '.env'),
        '# MySQL\nDATABASE_URL=mysql://root@127.0.0.1:3306/hotpath?x=1&y=2\n',
      );
      const result = spawnSync(
        'bash',
        [
          '-c',
          `source bootstrap.sh
           docker() { echo "docker $* with MYSQL_ROOT_PASSWORD=\${MYSQL_ROOT_PASSWORD-} MYSQL_HOST_PORT=\${MYSQL_HOST_PORT-}"; }
           load_settings; load_service_addresses; start_services_with_docker 1 0`,
        ],
        { cwd: project, env: withoutSettings(process.env), encoding: 'utf8', timeout: 20_000 },
      );
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(
        'docker compose -f ' +
          join(project, 'docker/docker-compose.yml') +
          ' up -d mysql with MYSQL_ROOT_PASSWORD=hotpath MYSQL_HOST_PORT=3306',
      );
      expect(readFileSync(join(project, '.env'), 'utf8')).toBe(
        '# MySQL\nDATABASE_URL=mysql://root:hotpath@127.0.0.1:3306/hotpath?x=1&y=2\n',
      );
      expect(readFileSync(join(project, '.run/services'), 'utf8')).toBe('mysql docker\n');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('runs npm ci only when package-lock.json changed since the last install', () => {
    const project = mkdtempSync(join(tmpdir(), 'hotpath-install-'));
    try {
      copyFileSync(repoPath('bootstrap.sh'), join(project, 'bootstrap.sh'));
      writeFileSync(join(project, 'package-lock.json'), '{"lockfileVersion": 3}');
      mkdirSync(join(project, 'node_modules'));
      const install = () =>
        withFunctions(join(project, 'bootstrap.sh'), `npm() { echo "npm $*"; }\ninstall_dependencies`).stdout;

      expect(install()).toContain('npm ci');
      expect(install()).toContain('skipping npm ci');

      writeFileSync(join(project, 'package-lock.json'), '{"lockfileVersion": 3, "changed": true}');
      expect(install()).toContain('npm ci');

      // npm install updates the lockfile and then its own record in node_modules: nothing left to do.
      writeFileSync(join(project, 'package-lock.json'), '{"lockfileVersion": 3, "installed": true}');
      writeFileSync(join(project, 'node_modules/.package-lock.json'), '{}');
      const later = new Date(Date.now() + 5_000);
      utimesSync(join(project, 'node_modules/.package-lock.json'), later, later);
      expect(install()).toContain('skipping npm ci');
      expect(readFileSync(join(project, 'node_modules/.hotpath-lock-sha256'), 'utf8')).toMatch(
        /^[0-9a-f]{64}$/,
      );
      expect(install()).toContain('matches package-lock.json');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('starts the same built entry points and dashboard config as npm start, and those exist', () => {
    const startAll = readRepoFile('tools/scripts/start-all.mjs');
    for (const entryPoint of ['apps/api/dist/main.js', 'apps/api/dist/worker.js']) {
      expect(script).toContain(`node ${entryPoint}`);
      expect(startAll).toContain(`'${entryPoint}'`);
      expect(repoPathExists(sourceOfBuiltFile(entryPoint)), sourceOfBuiltFile(entryPoint)).toBe(true);
    }
    expect(script).toContain('--config apps/dashboard/vite.config.mts');
    expect(startAll).toContain("'apps/dashboard/vite.config.mts'");
    expect(repoPathExists('apps/dashboard/vite.config.mts')).toBe(true);
  });

  it('keeps its run directory out of git', () => {
    expect(readRepoFile('.gitignore').split('\n')).toContain('.run/');
  });
});
