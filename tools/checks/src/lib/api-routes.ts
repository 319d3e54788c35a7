import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readRepoFile, repoPath } from './repo.ts';

const CONTROLLER = /@Controller\(\s*(?:'([^']*)')?\s*\)/;
const ROUTE = /@(Get|Post|Put|Patch|Delete|Head|Options|All)\(\s*(?:'([^']*)')?\s*\)/g;

function controllerFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return controllerFiles(path);
    return entry.name.endsWith('.controller.ts') ? [path] : [];
  });
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

/** Every `METHOD /path` the API's Nest controllers declare (apps/api/src/**\/*.controller.ts). */
export function apiRoutes(): string[] {
  const root = repoPath('apps/api/src');
  return controllerFiles(root).flatMap((file) => {
    const source = readRepoFile(relative(repoPath(''), file));
    const prefix = CONTROLLER.exec(source)?.[1] ?? '';
    return [...source.matchAll(ROUTE)].map(
      (match) => `${(match[1] ?? '').toUpperCase()} ${joinPath(prefix, match[2] ?? '')}`,
    );
  });
}
