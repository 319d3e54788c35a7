import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root, whichever directory the tests are started from. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export function repoPath(path: string): string {
  return join(REPO_ROOT, path);
}

export function readRepoFile(path: string): string {
  return readFileSync(repoPath(path), 'utf8');
}

export function repoPathExists(path: string): boolean {
  return existsSync(repoPath(path));
}

export function isExecutable(path: string): boolean {
  return (statSync(repoPath(path)).mode & 0o111) !== 0;
}

const rootManifestSchema = z.object({ workspaces: z.array(z.string()).min(1) });

/** The package.json of every npm workspace (root "workspaces" such as "apps/*"), as paths from the root. */
export function workspaceManifests(): string[] {
  const { workspaces } = rootManifestSchema.parse(JSON.parse(readRepoFile('package.json')));
  const manifests = workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [`${pattern}/package.json`];
    const parent = pattern.slice(0, -2);
    if (!repoPathExists(parent)) return [];
    return readdirSync(repoPath(parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}/package.json`);
  });
  return manifests.filter(repoPathExists).sort();
}

/** The TypeScript source a built entry point comes from: `apps/api/dist/cli/seed.js` -> `apps/api/src/cli/seed.ts`. */
export function sourceOfBuiltFile(path: string): string {
  const match = /^(?<project>.+)\/dist\/(?<file>.+)\.js$/.exec(path);
  if (!match?.groups) throw new Error(`${path} is not a file under a project's dist/`);
  return `${match.groups['project']}/src/${match.groups['file']}.ts`;
}

const entryPointsSchema = z.record(z.string(), z.string().regex(/^apps\/api\/dist\/.+\.js$/));

/** apps/api/entry-points.json: the one list of the API project's entry points, name -> built file. */
export function apiEntryPoints(): Record<string, string> {
  return entryPointsSchema.parse(JSON.parse(readRepoFile('apps/api/entry-points.json')));
}

/** The entry point names a command runs through the launcher (`node apps/api/run.mjs <name>`). */
export function launchedEntryPoints(command: string): string[] {
  return [...command.matchAll(/\bnode apps\/api\/run\.mjs ([\w-]+)/g)].map((match) => match[1] ?? '');
}
