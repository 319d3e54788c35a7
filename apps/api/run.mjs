#!/usr/bin/env node
// `node apps/api/run.mjs <name> [args]`: runs one built entry point of the API project in this process.
// The names live in entry-points.json alone; bootstrap.sh, npm scripts, start-all, Dockerfiles and compose
// all start the API, the worker and the CLIs through here. (node:cluster forks re-run this same command.)
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entryPoints = JSON.parse(readFileSync(new URL('./entry-points.json', import.meta.url), 'utf8'));
const name = process.argv[2];
const file = name === undefined ? undefined : entryPoints[name];

if (file === undefined) {
  console.error(`usage: node apps/api/run.mjs <${Object.keys(entryPoints).join('|')}> [args]`);
  process.exit(2);
}
const path = `${root}${file}`;
if (!existsSync(path)) {
  console.error(`${file} is missing: build the API first (npx nx run api:build, or ./bootstrap.sh)`);
  process.exit(1);
}
await import(pathToFileURL(path).href);
