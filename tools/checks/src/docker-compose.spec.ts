import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadApiEnvSchema, schemaProblems } from './lib/api-env-schema.ts';
import {
  commandLine,
  dependencies,
  environmentOf,
  loadCompose,
  portMappings,
  type ComposeService,
} from './lib/compose.ts';
import { apiEntryPoints, launchedEntryPoints, repoPathExists, sourceOfBuiltFile } from './lib/repo.ts';

const COMPOSE_PATH = 'docker/docker-compose.yml';
const { raw, compose } = loadCompose(COMPOSE_PATH);

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`${COMPOSE_PATH} has no service "${name}"`);
  return found;
}

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

describe('docker/docker-compose.yml', () => {
  let envSchema: z.ZodObject;
  beforeAll(async () => {
    envSchema = await loadApiEnvSchema();
  });

  it('follows the compose specification without the obsolete version key', () => {
    expect(raw).not.toHaveProperty('version');
    expect(Object.keys(compose.services).sort()).toEqual(
      ['api', 'dashboard', 'migrate', 'mysql', 'redis', 'worker'].sort(),
    );
  });

  it('runs MySQL 8 and Redis 7 with health checks and named volumes', () => {
    expect(service('mysql').image).toMatch(/^mysql:8(\.\d+)*$/);
    expect(service('redis').image).toMatch(/^redis:7(\.\d+)*(-alpine)?$/);
    expect(commandLine(service('redis').command)).toMatch(/--appendonly yes\b/);
    for (const name of ['mysql', 'redis', 'api']) expect(service(name).healthcheck, name).toBeDefined();

    const declaredVolumes = Object.keys(compose.volumes ?? {});
    for (const [name, dataDir] of [
      ['mysql', '/var/lib/mysql'],
      ['redis', '/data'],
    ] as const) {
      const mount = (service(name).volumes ?? []).find(
        (volume) => (typeof volume === 'string' ? volume.split(':')[1] : volume.target) === dataDir,
      );
      const source = typeof mount === 'string' ? mount.split(':')[0] : mount?.source;
      expect(declaredVolumes, `${name} keeps ${dataDir} in a named volume`).toContain(source);
    }
  });

  it('mounts only files that exist, such as the MySQL configuration', () => {
    const bindSources = Object.values(compose.services)
      .flatMap((entry) => entry.volumes ?? [])
      .map((volume) => (typeof volume === 'string' ? volume.split(':')[0] : volume.source) ?? '')
      .filter((source) => source.startsWith('.') || source.startsWith('/'));
    expect(bindSources).toContain('./mysql/my.cnf');
    for (const source of bindSources) expect(repoPathExists(fromComposeDir(source)), source).toBe(true);
  });

  it('publishes MySQL on 3306, Redis on 6379, the API on 3000 and the dashboard on 5173', () => {
    expect(portMappings(service('mysql'))).toContainEqual({ host: '3306', container: '3306' });
    expect(portMappings(service('redis'))).toContainEqual({ host: '6379', container: '6379' });
    expect(portMappings(service('api'))).toContainEqual({ host: '3000', container: '3000' });
    expect(portMappings(service('dashboard'))).toContainEqual({ host: '5173', container: '80' });
  });

  it('builds the API image for migrate, api and worker and the dashboard image from existing Dockerfiles', () => {
    for (const name of ['migrate', 'api', 'worker']) {
      expect(build(name), name).toEqual({ context: '', dockerfile: 'docker/api.Dockerfile' });
    }
    expect(build('dashboard')).toEqual({ context: '', dockerfile: 'docker/dashboard.Dockerfile' });
    for (const name of ['api', 'dashboard']) expect(repoPathExists(build(name).dockerfile)).toBe(true);
  });

  it('migrates and seeds once MySQL and Redis are healthy, then starts the API and the worker', () => {
    expect(dependencies(service('migrate'))).toEqual({ mysql: 'service_healthy', redis: 'service_healthy' });
    expect(dependencies(service('api'))).toMatchObject({ migrate: 'service_completed_successfully' });
    expect(dependencies(service('worker'))).toMatchObject({ migrate: 'service_completed_successfully' });
    expect(commandLine(service('migrate').command)).toMatch(
      /node apps\/api\/run\.mjs migrate && node apps\/api\/run\.mjs seed/,
    );
    expect(commandLine(service('api').command)).toBe('node apps/api/run.mjs api');
    expect(commandLine(service('worker').command)).toBe('node apps/api/run.mjs worker');
    expect(commandLine(service('api').healthcheck?.test)).toContain('/health/ready');
  });

  it('runs entry points, by their names in apps/api/entry-points.json, that the API source builds', () => {
    const names = ['migrate', 'api', 'worker'].flatMap((name) =>
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
    for (const name of ['migrate', 'api', 'worker']) {
      const environment = environmentOf(service(name));
      expect(schemaProblems(envSchema, environment), name).toEqual([]);
      expect(
        Object.keys(environment).filter((key) => !(key in envSchema.shape)),
        `${name}: unknown variables`,
      ).toEqual([]);
      expect(new URL(environment['DATABASE_URL'] ?? '').host, name).toBe('mysql:3306');
      expect(new URL(environment['REDIS_URL'] ?? '').host, name).toBe('redis:6379');
      expect(environment['PORT'], name).toBe('3000');
    }
  });

  it('uses the MySQL root password in DATABASE_URL, with or without MYSQL_ROOT_PASSWORD set', () => {
    for (const variables of [{}, { MYSQL_ROOT_PASSWORD: 's3cret-Pass' }]) {
      const { compose: resolved } = loadCompose(COMPOSE_PATH, variables);
      const mysql = resolved.services['mysql'];
      const api = resolved.services['api'];
      if (!mysql || !api) throw new Error('mysql and api services are required');
      const password = environmentOf(mysql)['MYSQL_ROOT_PASSWORD'];
      expect(password).toBeTruthy();
      const databaseUrl = new URL(environmentOf(api)['DATABASE_URL'] ?? '');
      expect(databaseUrl.username).toBe('root');
      expect(decodeURIComponent(databaseUrl.password)).toBe(password);
    }
  });

  it('follows the host ports and admin token given to compose', () => {
    const { compose: resolved } = loadCompose(COMPOSE_PATH, {
      PORT: '3100',
      DASHBOARD_PORT: '5200',
      ADMIN_TOKEN: 'a-token-from-the-environment',
    });
    const api = resolved.services['api'];
    const dashboard = resolved.services['dashboard'];
    if (!api || !dashboard) throw new Error('api and dashboard services are required');
    expect(portMappings(api)).toContainEqual({ host: '3100', container: '3000' });
    expect(portMappings(dashboard)).toContainEqual({ host: '5200', container: '80' });
    expect(environmentOf(api)['ADMIN_TOKEN']).toBe('a-token-from-the-environment');
    expect(environmentOf(api)['CORS_ORIGINS']).toContain('http://localhost:5200');
  });
});
