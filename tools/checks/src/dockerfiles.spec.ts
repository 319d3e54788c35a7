import { describe, expect, it } from 'vitest';
import { copyInstructions, parseDockerfile, type DockerStage } from './lib/dockerfile.ts';
import { dockerignoreMatcher } from './lib/dockerignore.ts';
import { readRepoFile, repoPathExists, workspaceManifests } from './lib/repo.ts';

const DOCKERFILES = ['docker/api.Dockerfile', 'docker/dashboard.Dockerfile'];
const isIgnored = dockerignoreMatcher(readRepoFile('.dockerignore'));

function stagesOf(path: string): DockerStage[] {
  return parseDockerfile(readRepoFile(path));
}

function runs(stage: DockerStage | undefined): string[] {
  return (stage?.instructions ?? []).filter((entry) => entry.keyword === 'RUN').map((entry) => entry.args);
}

describe.each(DOCKERFILES)('%s', (path) => {
  const stages = stagesOf(path);
  const fromContext = copyInstructions(stages).filter((copy) => copy.from === undefined);

  it('copies only paths that exist in the repository and are part of the build context', () => {
    expect(fromContext.length).toBeGreaterThan(0);
    for (const copy of fromContext) {
      for (const source of copy.sources) {
        expect(source, `line ${copy.line}: wildcards are not checked here`).not.toMatch(/[*?[]/);
        expect(repoPathExists(source), `line ${copy.line}: ${source} exists`).toBe(true);
        expect(isIgnored(source), `line ${copy.line}: ${source} is left out by .dockerignore`).toBe(false);
      }
    }
  });

  it('copies the lockfile and every workspace package.json to its own place, so npm ci sees the whole tree', () => {
    const normalize = (path: string): string => path.replace(/^\.\//, '').replace(/\/$/, '') || '.';
    const copied = fromContext.flatMap((copy) =>
      copy.sources.map((source) => ({ source, destination: normalize(copy.destination) })),
    );
    for (const manifest of ['package.json', 'package-lock.json', ...workspaceManifests()]) {
      const directory = manifest.includes('/') ? manifest.slice(0, manifest.lastIndexOf('/')) : '.';
      const copy = copied.find((entry) => entry.source === manifest);
      expect(copy, `${manifest} is copied`).toBeDefined();
      expect([directory, manifest], `${manifest} lands in its own directory`).toContain(copy?.destination);
    }
  });

  it('installs exactly what the lockfile says', () => {
    const installs = stages.flatMap(runs).filter((command) => /\bnpm (install|i|ci)\b/.test(command));
    expect(installs.length).toBeGreaterThan(0);
    for (const command of installs) expect(command).toMatch(/\bnpm ci\b/);
  });

  it('builds and runs on the current Node LTS, on a slim Debian image', () => {
    const nodeBases = stages.map((stage) => stage.base).filter((base) => base.startsWith('node:'));
    expect(nodeBases.length).toBeGreaterThan(0);
    for (const base of nodeBases) expect(base).toMatch(/^node:24-[a-z]+-slim$/);
  });

  it('only copies from stages defined earlier in the file', () => {
    const names = stages.map((stage) => stage.name);
    for (const copy of copyInstructions(stages).filter((entry) => entry.from !== undefined)) {
      const source = names.indexOf(copy.from ?? '');
      expect(source, `line ${copy.line}: --from=${copy.from}`).toBeGreaterThanOrEqual(0);
      expect(source).toBeLessThan(names.indexOf(copy.stage));
    }
  });
});

describe('docker/api.Dockerfile', () => {
  const stages = stagesOf('docker/api.Dockerfile');
  const runtime = stages.at(-1);

  it('builds the API (and with it libs/contracts) with Nx', () => {
    expect(stages.flatMap(runs).some((command) => /nx run api:build/.test(command))).toBe(true);
  });

  it('ships a runtime with production dependencies, the built API and contracts, as a non-root user', () => {
    expect(stages.flatMap(runs).some((command) => /npm ci\b.*--omit=dev/.test(command))).toBe(true);
    const instructions = runtime?.instructions ?? [];
    const copies = copyInstructions(runtime ? [runtime] : []);
    const builtCopies = copies.filter((copy) => copy.from !== undefined).flatMap((copy) => copy.sources);
    expect(builtCopies).toEqual(expect.arrayContaining(['/app/apps/api/dist', '/app/libs/contracts/dist']));
    const users = instructions.filter((entry) => entry.keyword === 'USER').map((entry) => entry.args);
    expect(users.at(-1)).toBeDefined();
    expect(['root', '0']).not.toContain(users.at(-1)?.split(':')[0]);
    expect(
      instructions.some((entry) => entry.keyword === 'ENV' && /\bNODE_ENV[= ]production\b/.test(entry.args)),
    ).toBe(true);
  });
});

describe('docker/dashboard.Dockerfile', () => {
  const stages = stagesOf('docker/dashboard.Dockerfile');

  it('builds the dashboard with Nx and serves the result with nginx and docker/nginx.conf', () => {
    expect(stages.flatMap(runs).some((command) => /nx run dashboard:build/.test(command))).toBe(true);
    const serve = stages.at(-1);
    expect(serve?.base).toMatch(/nginx/);
    const copies = copyInstructions(serve ? [serve] : []);
    expect(copies).toContainEqual(
      expect.objectContaining({
        sources: ['docker/nginx.conf'],
        destination: '/etc/nginx/conf.d/default.conf',
      }),
    );
    expect(copies).toContainEqual(
      expect.objectContaining({
        sources: ['/app/apps/dashboard/dist'],
        destination: '/usr/share/nginx/html',
      }),
    );
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, builds, caches, secrets and test output out of the build context', () => {
    for (const path of [
      'node_modules/zod/package.json',
      'apps/api/node_modules/x',
      'apps/api/dist/main.js',
      'libs/contracts/dist/index.js',
      '.nx/cache/x',
      '.env',
      'test-results/x',
      'apps/dashboard-e2e/playwright-report/index.html',
    ]) {
      expect(isIgnored(path), path).toBe(true);
    }
    expect(isIgnored('.env.example')).toBe(false);
    expect(isIgnored('apps/api/src/main.ts')).toBe(false);
  });
});

describe('docker/mysql/my.cnf', () => {
  const settings = new Map(
    readRepoFile('docker/mysql/my.cnf')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^[a-z-_]+\s*=/.test(line))
      .map((line) => {
        const [key = '', value = ''] = line.split('=').map((part) => part.trim());
        return [key.replace(/-/g, '_'), value] as const;
      }),
  );

  it('stores text as utf8mb4 and sizes InnoDB for a write-heavy load', () => {
    expect(settings.get('character_set_server')).toBe('utf8mb4');
    expect(settings.get('collation_server')).toMatch(/^utf8mb4_/);
    expect(settings.get('innodb_buffer_pool_size')).toMatch(/^\d+[KMG]?$/);
    expect(settings.get('innodb_redo_log_capacity') ?? settings.get('innodb_log_file_size')).toMatch(
      /^\d+[KMG]?$/,
    );
    expect(settings.get('innodb_flush_method')).toBe('O_DIRECT');
  });
});
