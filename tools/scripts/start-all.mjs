#!/usr/bin/env node
// `npm start`: the API, the queue worker and the dashboard preview in the foreground, as one unit.
// Each output line is prefixed with its process name; Ctrl-C (SIGINT) or SIGTERM is passed to every
// process; when any of them ends, the others are stopped and this script exits with that process's code.
// Needs a build first (`npm run build`). Settings come from .env; variables already set win.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const COLORS = [36, 35, 33, 32, 34, 31];
// Runs the API project's entry points by name (apps/api/entry-points.json holds their paths).
const API_LAUNCHER = 'apps/api/run.mjs';

/**
 * @typedef {{ name: string, command: string, args: string[], env?: Record<string, string> }} ProcessSpec
 * @typedef {{ cwd?: string, env?: NodeJS.ProcessEnv, output?: NodeJS.WritableStream, color?: boolean,
 *   stopTimeoutMs?: number }} RunOptions
 */

/** The three processes of a running Hotpath, with the dashboard's port and API address from `env`. */
export function hotpathProcesses(env = process.env) {
  const port = env.PORT ?? '3000';
  const dashboardPort = env.DASHBOARD_PORT ?? '5173';
  return [
    { name: 'api', command: process.execPath, args: [API_LAUNCHER, 'api'] },
    { name: 'worker', command: process.execPath, args: [API_LAUNCHER, 'worker'] },
    {
      name: 'dashboard',
      command: process.execPath,
      args: [
        'node_modules/vite/bin/vite.js',
        'preview',
        '--config',
        'apps/dashboard/vite.config.mts',
        '--port',
        dashboardPort,
        '--strictPort',
      ],
      env: { DASHBOARD_PORT: dashboardPort, API_URL: env.API_URL ?? `http://127.0.0.1:${port}` },
    },
  ];
}

/**
 * Runs the processes together until one ends or this process is told to stop.
 * Resolves with the exit code of the process that ended first (128 + signal number if a signal ended it).
 * @param {ProcessSpec[]} specs
 * @param {RunOptions} [options]
 * @returns {Promise<number>}
 */
export function runTogether(specs, options = {}) {
  const {
    cwd = ROOT,
    env = process.env,
    output = process.stdout,
    color = Boolean(output.isTTY),
    stopTimeoutMs = 15_000,
  } = options;
  const width = Math.max(...specs.map((spec) => spec.name.length));
  const prefixOf = (name, index) => {
    const label = `[${name}]`.padEnd(width + 2);
    return color ? `\u001b[${COLORS[index % COLORS.length]}m${label}\u001b[0m` : label;
  };
  const say = (line) => output.write(`${prefixOf('start-all', specs.length)} ${line}\n`);

  return new Promise((resolvePromise) => {
    const running = new Map();
    let exitCode;
    let stopping = false;
    let killTimer;

    // Children run in their own process group, so a terminal's Ctrl-C reaches them once, through us.
    const signalGroup = (child, signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    };
    const stopAll = (signal) => {
      if (!stopping) {
        stopping = true;
        killTimer = setTimeout(() => {
          for (const child of running.values()) signalGroup(child, 'SIGKILL');
        }, stopTimeoutMs);
        killTimer.unref();
      }
      for (const child of running.values()) signalGroup(child, signal);
    };
    const onSignal = (signal) => {
      say(`${signal} received; stopping ${[...running.keys()].join(', ')}`);
      exitCode ??= 128 + (constants.signals[signal] ?? 15);
      stopAll(signal === 'SIGHUP' ? 'SIGTERM' : signal);
    };
    const onParentExit = () => {
      for (const child of running.values()) signalGroup(child, 'SIGKILL');
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, onSignal);
    process.on('exit', onParentExit);

    const finish = () => {
      clearTimeout(killTimer);
      for (const signal of FORWARDED_SIGNALS) process.off(signal, onSignal);
      process.off('exit', onParentExit);
      resolvePromise(exitCode ?? 0);
    };

    specs.forEach((spec, index) => {
      const prefix = prefixOf(spec.name, index);
      const child = spawn(spec.command, spec.args, {
        cwd,
        env: { ...env, ...spec.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      running.set(spec.name, child);
      let streamsOpen = 2;
      let exited;
      const settle = () => {
        if (streamsOpen > 0 || !exited) return;
        running.delete(spec.name);
        if (running.size === 0) finish();
      };
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream, crlfDelay: Infinity })
          .on('line', (line) => output.write(`${prefix} ${line}\n`))
          .on('close', () => {
            streamsOpen -= 1;
            settle();
          });
      }
      child.on('error', (error) => {
        output.write(`${prefix} could not start: ${error.message}\n`);
        exitCode ??= 1;
        exited = true;
        streamsOpen = 0;
        stopAll('SIGTERM');
        settle();
      });
      child.on('exit', (code, signal) => {
        const codeOf = code ?? 128 + (constants.signals[signal] ?? 0);
        if (!stopping) {
          say(`${spec.name} exited with ${signal ?? `code ${code}`}; stopping the others`);
          exitCode ??= codeOf;
          stopAll('SIGTERM');
        }
        exited = true;
        settle();
      });
    });
  });
}

async function main() {
  const envFile = join(ROOT, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const entryPoints = JSON.parse(readFileSync(join(ROOT, 'apps/api/entry-points.json'), 'utf8'));
  const missing = [entryPoints.api, entryPoints.worker, 'apps/dashboard/dist/index.html'].filter(
    (path) => !existsSync(join(ROOT, path)),
  );
  if (missing.length > 0) {
    console.error(`Missing ${missing.join(' and ')}: run \`npm run build\` first.`);
    process.exit(1);
  }
  process.exitCode = await runTogether(hotpathProcesses(process.env));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
