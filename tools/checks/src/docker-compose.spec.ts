// Over 300 lines: one contract, docker-compose.yml, read once and checked service by service.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { envDefault, loadApiEnvSchema, schemaProblems, unknownEnvNames } from './lib/api-env-schema.ts';
import {
  commandLine,
  dependencies,
  environmentOf,
  loadCompose,
  portMappings,
  type ComposeFile,
  type ComposeService,
} from './lib/compose.ts';
import {
  apiEntryPoints,
  launchedEntryPoints,
  repoPath,
  repoPathExists,
  sourceOfBuiltFile,
} from './lib/repo.ts';

const COMPOSE_PATH = 'docker/docker-compose.yml';
const HOST_PORTS_PATH = 'docker/docker-compose.host-ports.yml';
const TOKEN = { ADMIN_TOKEN: 'a-token-from-the-environment' };
const { raw, compose } = loadCompose(COMPOSE_PATH, TOKEN);
const API_IMAGE_SERVICES = ['migrate', 'seed', 'api', 'worker'];

function serviceOf(file: ComposeFile, name: string): ComposeService {
  const found = file.services[name];
  if (!found) throw new Error(`${COMPOSE_PATH} has no service "${name}"`);
  return found;
}
const service = (name: string): ComposeService => serviceOf(compose, name);

/** Paths in a compose file are relative to its directory (docker/). */
function fromComposeDir(path: string): string {
  const parts = ['docker'];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

function build(name: string): { context: string; dockerfile: string } {
  const spec = service(name).build;
  if (spec === undefined) throw new Error(`service ${name} has no build`);
  const context = fromComposeDir(typeof spec === 'string' ? spec : (spec.context ?? '.'));
  const dockerfile = typeof spec === 'string' ? 'Dockerfile' : (spec.dockerfile ?? 'Dockerfile');
  return { context, dockerfile: context === '' ? dockerfile : `${context}/${dockerfile}` };
}

function mounts(name: string): { source: string; target: string }[] {
  return (service(name).volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') return { source: volume.source ?? '', target: volume.target };
    const [source = '', target = ''] = volume.split(':');
    return { source, target };
  });
}

/** Runs docker/mysql/initdb/10-hotpath-users.sh as the mysql image's entrypoint would, capturing its SQL. */
function initdbSql(variables: Record<string, string>): {
  status: number | null;
  sql: string;
  stderr: string;
} {
  const script = repoPath('docker/mysql/initdb/10-hotpath-users.sh');
  const result = spawnSync(
    'bash',
    [
      '--norc',
      '--noprofile',
      '-c',
      `docker_process_sql() { cat; }; mysql_note() { :; }; set -e; source "${script}"`,
    ],
    {
      env: { PATH: process.env['PATH'] ?? '', ...variables },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return { status: result.status, sql: result.stdout, stderr: result.stderr };
}

describe('docker/docker-compose.yml', () => {
  let envSchema: z.ZodObject;
  beforeAll(async () => {
    envSchema = await loadApiEnvSchema();
  });

  it('follows the compose specification without the obsolete version key', () => {
    expect(raw).not.toHaveProperty('version');
    expect(Object.keys(compose.services).sort()).toEqual(
      ['api', 'dashboard', 'grafana', 'migrate', 'mysql', 'prometheus', 'redis', 'seed', 'worker'].sort(),
    );
  });

  it('refuses to start without an ADMIN_TOKEN instead of falling back to a published one', () => {
    for (const variables of [{}, { ADMIN_TOKEN: '' }]) {
      expect(() => loadCompose(COMPOSE_PATH, variables)).toThrow(/ADMIN_TOKEN/);
    }
    for (const name of API_IMAGE_SERVICES) {
      expect(environmentOf(service(name))['ADMIN_TOKEN'], name).toBe(TOKEN.ADMIN_TOKEN);
    }
  });

  it('runs MySQL 8 and Redis 7 with health checks and named volumes', () => {
    expect(service('mysql').image).toMatch(/^mysql:8(\.\d+)*$/);
    expect(service('redis').image).toMatch(/^redis:7(\.\d+)*(-alpine)?$/);
    for (const name of ['mysql', 'redis', 'api', 'worker', 'dashboard']) {
      expect(service(name).healthcheck, name).toBeDefined();
    }
    const declaredVolumes = Object.keys(compose.volumes ?? {});
    for (const [name, dataDir] of [
      ['mysql', '/var/lib/mysql'],
      ['redis', '/data'],
      ['prometheus', '/prometheus'],
      ['grafana', '/var/lib/grafana'],
    ] as const) {
      const mount = mounts(name).find((entry) => entry.target === dataDir);
      expect(declaredVolumes, `${name} keeps ${dataDir} in a named volume`).toContain(mount?.source);
    }
  });

  it('gives Redis an append-only log, a memory limit and no eviction of queued jobs', () => {
    const command = commandLine(service('redis').command);
    expect(command).toMatch(/--appendonly yes\b/);
    expect(command).toMatch(/--appendfsync (everysec|always)\b/);
    expect(command).toMatch(/--maxmemory \d+[kmg]b\b/);
    expect(command).toMatch(/--maxmemory-policy noeviction\b/);
    const resized = serviceOf(
      loadCompose(COMPOSE_PATH, { ...TOKEN, REDIS_MAXMEMORY: '2gb' }).compose,
      'redis',
    );
    expect(commandLine(resized.command)).toMatch(/--maxmemory 2gb\b/);
  });

  it('mounts only files that exist, such as the MySQL configuration and account script', () => {
    const bindSources = Object.keys(compose.services)
      .flatMap(mounts)
      .map((mount) => mount.source)
      .filter((source) => source.startsWith('.') || source.startsWith('/'));
    expect(bindSources).toEqual(
      expect.arrayContaining(['./mysql/my.cnf', './mysql/initdb/10-hotpath-users.sh']),
    );
    for (const source of bindSources) expect(repoPathExists(fromComposeDir(source)), source).toBe(true);
    expect(mounts('mysql')).toContainEqual({
      source: './mysql/initdb/10-hotpath-users.sh',
      target: '/docker-entrypoint-initdb.d/10-hotpath-users.sh',
    });
  });

  it('publishes only nginx (dashboard on 5173, API on 3000); MySQL and Redis stay inside the network', () => {
    const published = Object.entries(compose.services)
      .filter(([name]) => !['prometheus', 'grafana'].includes(name))
      .filter(([, entry]) => portMappings(entry).length > 0)
      .map(([name]) => name);
    expect(published).toEqual(['dashboard']);
    expect(portMappings(service('dashboard'))).toEqual([
      { host: '5173', container: '80' },
      { host: '3000', container: '3000' },
    ]);
    for (const name of ['prometheus', 'grafana']) {
      for (const port of service(name).ports ?? [])
        expect(typeof port === 'string' ? port : JSON.stringify(port), name).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('publishes MySQL and Redis on the loopback only with the host-ports file', () => {
    const { compose: extra } = loadCompose(HOST_PORTS_PATH, { MYSQL_HOST_PORT: '3307' });
    expect(Object.keys(extra.services).sort()).toEqual(['mysql', 'redis']);
    expect(serviceOf(extra, 'mysql').ports).toEqual(['127.0.0.1:3307:3306']);
    expect(serviceOf(extra, 'redis').ports).toEqual(['127.0.0.1:6379:6379']);
  });

  it('can run several api and worker containers: no host port, no fixed container name', () => {
    for (const name of ['api', 'worker']) {
      expect(service(name).ports, name).toBeUndefined();
      expect(service(name), name).not.toHaveProperty('container_name');
    }
  });

  it('builds the API image for migrate, seed, api and worker and the dashboard image from existing Dockerfiles', () => {
    for (const name of API_IMAGE_SERVICES) {
      expect(build(name), name).toEqual({ context: '', dockerfile: 'docker/api.Dockerfile' });
    }
    expect(build('dashboard')).toEqual({ context: '', dockerfile: 'docker/dashboard.Dockerfile' });
    for (const name of ['api', 'dashboard']) expect(repoPathExists(build(name).dockerfile)).toBe(true);
  });

  it('migrates once MySQL and Redis are healthy, then starts the API and the worker; seeds only when asked', () => {
    expect(dependencies(service('migrate'))).toEqual({ mysql: 'service_healthy', redis: 'service_healthy' });
    for (const name of ['api', 'worker', 'seed']) {
      expect(dependencies(service(name)), name).toMatchObject({ migrate: 'service_completed_successfully' });
    }
    expect(commandLine(service('migrate').command)).toBe('node apps/api/run.mjs migrate');
    expect(commandLine(service('seed').command)).toBe('node apps/api/run.mjs seed');
    expect(service('seed').profiles).toEqual(['demo']);
    const unprofiled = Object.entries(compose.services).filter(([, entry]) => entry.profiles === undefined);
    for (const [name, entry] of unprofiled) expect(commandLine(entry.command), name).not.toMatch(/seed/);
    expect(commandLine(service('api').command)).toBe('node apps/api/run.mjs api');
    expect(commandLine(service('worker').command)).toBe('node apps/api/run.mjs worker');
  });

  it('checks the API by its readiness route and the worker by its metrics port', () => {
    const api = environmentOf(service('api'));
    const worker = environmentOf(service('worker'));
    expect(commandLine(service('api').healthcheck?.test)).toContain(`127.0.0.1:${api['PORT']}/health/ready`);
    expect(commandLine(service('worker').healthcheck?.test)).toContain(
      `127.0.0.1:${worker['WORKER_METRICS_PORT']}/metrics`,
    );
  });

  it('gives the API and worker longer to stop than the API takes to shut down', () => {
    const shutdownMs = Number(envDefault(envSchema, 'SHUTDOWN_TIMEOUT_MS'));
    expect(shutdownMs).toBeGreaterThan(0);
    for (const name of ['api', 'worker']) {
      const grace = /^(\d+)s$/.exec(service(name).stop_grace_period ?? '');
      expect(Number(grace?.[1]) * 1000, name).toBeGreaterThan(shutdownMs);
    }
  });

  it('runs entry points, by their names in apps/api/entry-points.json, that the API source builds', () => {
    const names = API_IMAGE_SERVICES.flatMap((name) =>
      launchedEntryPoints(commandLine(service(name).command)),
    );
    expect(names).toEqual(['migrate', 'seed', 'api', 'worker']);
    const entryPoints = apiEntryPoints();
    for (const name of names) {
      const built = entryPoints[name] ?? `(no entry point named ${name})`;
      expect(repoPathExists(sourceOfBuiltFile(built)), built).toBe(true);
    }
  });

  it('gives the API containers a configuration the API accepts, pointing at the compose services', () => {
    for (const name of API_IMAGE_SERVICES) {
      const environment = environmentOf(service(name));
      expect(schemaProblems(envSchema, environment), name).toEqual([]);
      expect(unknownEnvNames(envSchema, Object.keys(environment)), `${name}: unknown variables`).toEqual([]);
      expect(new URL(environment['DATABASE_URL'] ?? '').host, name).toBe('mysql:3306');
      expect(new URL(environment['REDIS_URL'] ?? '').host, name).toBe('redis:6379');
      expect(environment['PORT'], name).toBe('3000');
    }
  });

  it('connects as the rows-only application account, and migrates as the schema account, never as root', () => {
    const variables = {
      ...TOKEN,
      HOTPATH_APP_PASSWORD: 'app-Pass-1',
      HOTPATH_MIGRATE_PASSWORD: 'mig-Pass-2',
    };
    for (const values of [TOKEN, variables]) {
      const resolved = loadCompose(COMPOSE_PATH, values).compose;
      const mysql = environmentOf(serviceOf(resolved, 'mysql'));
      for (const name of API_IMAGE_SERVICES) {
        const url = new URL(environmentOf(serviceOf(resolved, name))['DATABASE_URL'] ?? '');
        const account = name === 'migrate' ? 'hotpath_migrate' : 'hotpath_app';
        const passwordVariable = name === 'migrate' ? 'HOTPATH_MIGRATE_PASSWORD' : 'HOTPATH_APP_PASSWORD';
        expect(url.username, name).toBe(account);
        expect(decodeURIComponent(url.password), name).toBe(mysql[passwordVariable]);
        expect(url.pathname, name).toBe(`/${mysql['MYSQL_DATABASE']}`);
      }
    }
  });

  it('creates the two MySQL accounts with only the rights each needs', () => {
    const { status, sql, stderr } = initdbSql({
      MYSQL_DATABASE: 'hotpath',
      HOTPATH_APP_PASSWORD: `it's a \\ pass`,
      HOTPATH_MIGRATE_PASSWORD: 'migrate-pass',
    });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(sql).toContain(`CREATE USER IF NOT EXISTS 'hotpath_app'@'%' IDENTIFIED BY 'it\\'s a \\\\ pass';`);
    const grants = Object.fromEntries(
      [...sql.matchAll(/^GRANT (.+) ON `hotpath`\.\* TO '(\w+)'@'%';$/gm)].map((match) => [
        match[2],
        (match[1] ?? '').split(', ').sort(),
      ]),
    );
    expect(grants).toEqual({
      hotpath_app: ['DELETE', 'INSERT', 'SELECT', 'UPDATE'],
      hotpath_migrate: [
        'ALTER',
        'CREATE',
        'DELETE',
        'DROP',
        'INDEX',
        'INSERT',
        'REFERENCES',
        'SELECT',
        'UPDATE',
      ],
    });
    expect(sql).not.toMatch(/ALL PRIVILEGES|ON \*\.\*|WITH GRANT OPTION/);
    const missing = initdbSql({ MYSQL_DATABASE: 'hotpath', HOTPATH_MIGRATE_PASSWORD: 'x' });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/HOTPATH_APP_PASSWORD/);
  });

  it('puts Prometheus and Grafana in the monitoring profile only', () => {
    for (const name of ['prometheus', 'grafana'])
      expect(service(name).profiles, name).toEqual(['monitoring']);
    const profiled = Object.entries(compose.services).filter(([, entry]) => entry.profiles !== undefined);
    expect(profiled.map(([name]) => name).sort()).toEqual(['grafana', 'prometheus', 'seed']);
  });

  it('follows the host ports given to compose', () => {
    const { compose: resolved } = loadCompose(COMPOSE_PATH, {
      ...TOKEN,
      PORT: '3100',
      DASHBOARD_PORT: '5200',
    });
    const dashboard = serviceOf(resolved, 'dashboard');
    expect(portMappings(dashboard)).toEqual([
      { host: '5200', container: '80' },
      { host: '3100', container: '3000' },
    ]);
    // The dashboard calls the API through nginx's /api on its own origin: no CORS grant is needed or given.
    expect(environmentOf(serviceOf(resolved, 'api'))['CORS_ORIGINS']).toBeUndefined();
  });
});
