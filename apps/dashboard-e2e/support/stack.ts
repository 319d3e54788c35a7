import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { API_ENV, API_URL, DATABASE_URL, REDIS_URL, WORKSPACE_ROOT } from './e2e-env';

interface DatabaseTools {
  migrateDatabase(url: string): Promise<string[]>;
  dropDatabase(url: string): Promise<void>;
}

let tools: Promise<DatabaseTools> | undefined;

/**
 * The API's own migration code, from its build (the e2e target builds the API first). Loaded once, at setup,
 * so teardown still works if the build output is replaced meanwhile.
 */
function databaseTools(): Promise<DatabaseTools> {
  const built = resolve(WORKSPACE_ROOT, 'apps/api/dist/core/database/migrate.js');
  tools ??= import(pathToFileURL(built).href) as Promise<DatabaseTools>;
  return tools;
}

export async function resetDatabase(): Promise<void> {
  const { dropDatabase, migrateDatabase } = await databaseTools();
  await dropDatabase(DATABASE_URL);
  await migrateDatabase(DATABASE_URL);
}

export async function dropDatabase(): Promise<void> {
  await (await databaseTools()).dropDatabase(DATABASE_URL);
}

export async function flushRedis(): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

const PIDS_VARIABLE = 'HOTPATH_E2E_PIDS';

/**
 * Starts a built entry point of the API project (a name in apps/api/entry-points.json) with the e2e
 * environment; its pid is kept for teardown.
 */
export function startProcess(name: string, entryPoint: string): { pid: number; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [resolve(WORKSPACE_ROOT, 'apps/api/run.mjs'), entryPoint], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...API_ENV },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (child.pid === undefined) throw new Error(`Could not start the ${name} (apps/api/run.mjs ${entryPoint})`);
  const pids = (process.env[PIDS_VARIABLE] ?? '').split(',').filter(Boolean);
  process.env[PIDS_VARIABLE] = [...pids, String(child.pid)].join(',');
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { pid: child.pid, exited };
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops what startProcess started: SIGTERM, then SIGKILL for anything still running after the grace period. */
export async function stopProcesses(graceMs = 10_000): Promise<void> {
  const pids = (process.env[PIDS_VARIABLE] ?? '').split(',').filter(Boolean).map(Number);
  delete process.env[PIDS_VARIABLE];
  for (const pid of pids) if (isRunning(pid)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pids.some(isRunning) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
  for (const pid of pids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
}

/** Fails when a process without a readiness signal (the worker) has died after start-up. */
export async function assertStillRunning(
  name: string,
  exited: Promise<number | null>,
  settleMs = 1000,
): Promise<void> {
  const outcome = await Promise.race([
    exited.then((code) => ({ code })),
    new Promise<null>((done) => setTimeout(() => done(null), settleMs)),
  ]);
  if (outcome !== null) throw new Error(`The ${name} exited with code ${String(outcome.code)} during start-up`);
}

/** Resolves once the API answers readiness (MySQL and Redis reachable); fails early if the process dies. */
export async function waitForApi(exited: Promise<number | null>, timeoutMs = 60_000): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`The API exited with code ${String(exitCode)} before it was ready`);
    try {
      const response = await fetch(`${API_URL}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`The API did not become ready at ${API_URL} within ${timeoutMs / 1000} s`);
}
