import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, usage, UsageError, type BenchOptions } from './lib/args';
import { BenchEnvironment } from './lib/environment';
import { runScenario, type ScenarioReport } from './lib/run-scenario';
import type { ScenarioContext } from './lib/scenario';
import { summaryTable } from './lib/table';
import { wrkAvailable } from './lib/wrk-load';
import { SCENARIOS } from './scenarios';

/** tools/bench/dist/run.js → the repository root. */
const REPO_ROOT = resolve(__dirname, '../../..');
const RESULTS_DIR = join(REPO_ROOT, 'tools/bench/results');

const log = (line: string): void => {
  console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);
};

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : JSON.stringify(error);
}

function resultsPath(options: BenchOptions, startedAt: Date): string {
  if (options.jsonPath !== undefined) return resolve(options.jsonPath);
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const names =
    options.scenarios.length > 3 ? `${options.scenarios.length}-scenarios` : options.scenarios.join('+');
  return join(RESULTS_DIR, `${stamp}-${names}.json`);
}

async function main(argv: readonly string[]): Promise<number> {
  let options: BenchOptions;
  try {
    const parsed = parseArgs(
      argv,
      SCENARIOS.map((scenario) => scenario.name),
    );
    if (parsed.help) {
      console.log(usage(SCENARIOS));
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${usage(SCENARIOS)}`);
    return 2;
  }
  const selected = SCENARIOS.filter((scenario) => options.scenarios.includes(scenario.name)).sort(
    (a, b) => options.scenarios.indexOf(a.name) - options.scenarios.indexOf(b.name),
  );

  const startedAt = new Date();
  const loadAverageAtStart = loadavg();
  const apiNodeArgs =
    options.cpuProfileDir === undefined
      ? []
      : ['--cpu-prof', `--cpu-prof-dir=${resolve(options.cpuProfileDir)}`];
  const processes = options.processes === 0 ? cpus().length : options.processes;
  const variant = Object.entries(options.variantEnv).map(([key, value]) => `${key}=${value}`);
  // The second column: every core, or (A/B) one process with the variant's variables.
  const secondLabel =
    variant.length > 0 ? `B: ${variant.join(' ')}` : processes > 1 ? `${processes} proc` : undefined;
  const hasWrk = wrkAvailable();
  if (options.engine === 'wrk' && !hasWrk) {
    console.error(
      '--engine wrk: wrk is not installed (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk)',
    );
    return 2;
  }
  const engine = options.engine === 'autocannon' || !hasWrk ? 'autocannon' : 'wrk';
  if (engine === 'autocannon' && options.engine === 'auto') {
    log(
      'wrk is not installed, falling back to autocannon, which shares the cores with the bench itself and ' +
        'compresses every ratio toward 1 (install it: apt-get install wrk, or brew install wrk)',
    );
  }
  const environment = new BenchEnvironment({
    repoRoot: REPO_ROOT,
    needsWorker: selected.some((scenario) => scenario.needsWorker === true),
    apiNodeArgs,
    processes,
    variantEnv: options.variantEnv,
    log,
  });
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the load and cleaning up`);
    interrupt.abort();
    void environment.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const reports: ScenarioReport[] = [];
  let crash: unknown;
  try {
    log(
      `bench: ${selected.map((scenario) => scenario.name).join(', ')}; ${engine}` +
        `${engine === 'wrk' ? ` -t${options.threads}` : ''} -c${options.connections}, ` +
        `${options.runs} runs × ${options.durationSeconds} s, warm-up ${options.warmupSeconds} s; ` +
        `${secondLabel === undefined ? 'API_PROCESSES 1 only' : `API_PROCESSES 1 and ${secondLabel}`}; ${cpus().length} CPUs ` +
        `(load average ${loadAverageAtStart[0]?.toFixed(1) ?? '?'}), node ${process.version}`,
    );
    await environment.start();
    for (const scenario of selected) {
      const context: ScenarioContext = {
        api: environment.apiClient,
        db: environment.database,
        options,
        log: (message) => log(`[${scenario.name}] ${message}`),
      };
      reports.push(
        await runScenario(scenario, {
          context,
          apis: environment.apis,
          cpuRoots: environment.cpuRoots,
          baselineUrl: environment.baselineUrl,
          engine,
          options,
          signal: interrupt.signal,
          assertServicesUp: () => {
            const dead = environment.deadService();
            if (dead !== undefined) throw new Error(dead);
          },
        }),
      );
    }
  } catch (error) {
    crash = error;
  }
  if (interrupt.signal.aborted) return 130;

  const clean = await environment.stop();
  if (reports.length > 0) {
    const loadAverageAtEnd = loadavg();
    const command = `node tools/bench/dist/run.js ${process.argv.slice(2).join(' ')}`.trim();
    console.log(
      `\n${summaryTable(
        reports.map((report) => report.summary),
        secondLabel,
      )}\n\n` +
        `Command: \`${command}\` (${engine}${engine === 'wrk' ? ` -t${options.threads}` : ''} -c${options.connections}, ` +
        `medians of ${options.runs} × ${options.durationSeconds} s; raw node:http baseline in the same run, one process ` +
        `against one). Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}, ` +
        `load average ${loadAverageAtStart.map((value) => value.toFixed(2)).join(' ')} at start, ` +
        `${loadAverageAtEnd.map((value) => value.toFixed(2)).join(' ')} at end.\n`,
    );
    const file = resultsPath(options, startedAt);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      `${JSON.stringify(
        {
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          machine: {
            cpus: cpus().length,
            cpuModel: cpus()[0]?.model ?? 'unknown',
            node: process.version,
            loadAverageAtStart,
            loadAverageAtEnd: loadavg(),
          },
          options: { ...options, engine, processes },
          scenarios: reports,
          error: crash === undefined ? undefined : describeError(crash),
        },
        null,
        2,
      )}\n`,
    );
    log(`results written to ${file}`);
  }

  if (crash !== undefined) {
    console.error(describeError(crash));
    return 1;
  }
  const failed = reports.filter((report) => report.verification?.passed === false);
  if (failed.length > 0) {
    log(`verification failed: ${failed.map((report) => report.name).join(', ')}`);
    return 1;
  }
  return clean ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
