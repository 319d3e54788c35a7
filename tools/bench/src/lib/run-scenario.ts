import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchOptions } from './args';
import { cpuUse, sampleCpu, type CpuRoots } from './cpu-usage';
import { runLoad, type LoadRequest } from './load';
import type { RunMeasurement } from './measurement';
import { RequestPool } from './request-pool';
import type { Scenario, ScenarioContext, ScenarioResults } from './scenario';
import { summarize, type ScenarioSummary, type Target, type Verification } from './summary';
import { formatNumber } from './table';
import { runWrk } from './wrk-load';

/** Everything one scenario produced, as written to the JSON results. */
export interface ScenarioReport {
  name: string;
  description: string;
  target: Target | undefined;
  setupSeconds: number;
  warmup: RunMeasurement | undefined;
  /** Measured runs against the API with one process. */
  runs: RunMeasurement[];
  /** Measured runs against the API with `processes` processes (empty when that is 1). */
  runsAllProcesses: RunMeasurement[];
  baselineRuns: RunMeasurement[];
  verification: Verification | undefined;
  summary: ScenarioSummary;
}

/** One running copy of the API the scenario loads. */
export interface ApiTarget {
  url: string;
  /** Its API_PROCESSES. */
  processes: number;
  /** How progress lines name it: api, api×2, api-b (the A/B variant). */
  label: string;
}

export interface ScenarioRunnerDeps {
  context: ScenarioContext;
  /** The API with API_PROCESSES=1, then (when there is more than one core) the one with every core. */
  apis: readonly ApiTarget[];
  baselineUrl: string;
  engine: 'wrk' | 'autocannon';
  options: BenchOptions;
  signal: AbortSignal;
  /** Throws when a service the bench started has died, so a dead API is not measured as a slow one. */
  assertServicesUp: () => void;
  /** The processes the bench started, for the CPU use of each scenario run. */
  cpuRoots: CpuRoots;
}

/**
 * Rate a tracked pool is sized for before any run of the scenario was seen (capped by the scenario's target):
 * a warm-up that runs out costs nothing, while every surplus request is sent unmeasured after the last run.
 */
const FIRST_RATE_GUESS = 5_000;
/**
 * A tracked pool holds this many times the best rate seen so far (and at least MIN_POOL_RATE per second):
 * a run that outpaces its pool stops early and is understated, while surplus only costs the final drain.
 */
const POOL_HEADROOM = 2.5;
const MIN_POOL_RATE = 2_000;
/**
 * ...and at least this share of the raw baseline's rate just measured, an upper bound of what the API can do:
 * after a cold warm-up the first measured run is often several times faster than the warm-up was.
 */
const BASELINE_SHARE = 0.4;
/** ...but that floor never exceeds this many times the scenario's target rate. */
const TARGET_CAP = 3;

/** Random GETs against the baseline, built the same way as the scenarios' so the load generator works alike. */
function baselineRequests(): LoadRequest[] {
  return [
    {
      method: 'GET',
      setupRequest: (request) => ({ ...request, path: `/baseline/${Math.floor(Math.random() * 1_000_000)}` }),
    },
  ];
}

function describeRun(run: RunMeasurement): string {
  const errors = run.errors > 0 ? `, ${formatNumber(run.errors)} errors` : '';
  return `${formatNumber(run.requestsPerSecond)} req/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms${errors}`;
}

/**
 * Setup, warm-up, `runs` × (baseline run, one-process run, all-processes run; the last two swapped every
 * other round), verification; progress
 * lines throughout. With wrk every request is generated ahead by the scenario's own setupRequest and
 * replayed by lua/requests.lua; autocannon calls setupRequest live.
 */
export async function runScenario(scenario: Scenario, deps: ScenarioRunnerDeps): Promise<ScenarioReport> {
  const { context, options, signal } = deps;
  const log = (message: string): void => context.log(message);
  const expectedStatuses = scenario.expectedStatuses ?? [200];
  const connections = scenario.connections ?? options.connections;
  const ensureCanContinue = (): void => {
    if (signal.aborted) throw new Error('interrupted');
    deps.assertServicesUp();
  };

  const setupStarted = Date.now();
  log(`setup: ${scenario.description}`);
  const state = await scenario.setup(context);
  const setupSeconds = (Date.now() - setupStarted) / 1000;
  log(`setup done in ${setupSeconds.toFixed(1)} s`);
  ensureCanContinue();

  const workDir = mkdtempSync(join(tmpdir(), 'hotpath-bench-'));
  const scenarioPool = new RequestPool(scenario.requests(state), workDir, scenario.name);
  const baselinePool = new RequestPool(baselineRequests(), workDir, 'baseline');
  let rateSeen = 0;
  let baselineRate = 0;
  // Never above a few times the scenario's target: requests can be large (events-batch: 10,000 events each).
  const rateFloor = (): number =>
    Math.min(
      Math.max(baselineRate * BASELINE_SHARE, MIN_POOL_RATE),
      (scenario.target?.rps ?? Number.POSITIVE_INFINITY) * TARGET_CAP,
    );
  const rateGuess = (): number =>
    rateSeen > 0 ? rateSeen : Math.min(scenario.target?.rps ?? FIRST_RATE_GUESS, FIRST_RATE_GUESS);

  const load = async (
    kind: RunMeasurement['kind'],
    index: number,
    url: string,
    isBaseline: boolean,
    durationSeconds: number,
  ): Promise<RunMeasurement> => {
    const statuses = isBaseline ? [200] : expectedStatuses;
    const onProgress = (elapsed: number, responses: number): void =>
      log(
        `  … ${elapsed}/${durationSeconds} s${Number.isNaN(responses) ? '' : `, ${formatNumber(responses)} responses so far`}`,
      );
    if (deps.engine === 'autocannon') {
      return runLoad(kind, index, {
        url,
        requests: isBaseline ? baselineRequests() : scenario.requests(state),
        connections,
        durationSeconds,
        expectedStatuses: statuses,
        signal,
        onProgress,
      });
    }
    const pool = isBaseline ? baselinePool : scenarioPool;
    const run = await runWrk(kind, index, {
      url,
      pool,
      threads: options.threads,
      connections,
      durationSeconds,
      expectedStatuses: statuses,
      minimumRequests: Math.ceil(Math.max(rateGuess() * POOL_HEADROOM, rateFloor()) * durationSeconds) + 50,
      signal,
      onProgress,
      onExhausted: () =>
        log(`  ! ${kind} run ${index} ran out of pre-generated requests: its req/s is understated`),
    });
    if (isBaseline) baselineRate = run.requestsPerSecond;
    else rateSeen = Math.max(rateSeen, run.requestsPerSecond);
    return run;
  };

  try {
    let warmup: RunMeasurement | undefined;
    if (options.warmupSeconds > 0) {
      log(`warm-up: ${options.warmupSeconds} s against the baseline and each API`);
      await load('warmup', 0, deps.baselineUrl, true, options.warmupSeconds);
      for (const api of deps.apis) {
        ensureCanContinue();
        warmup = await load('warmup', 0, api.url, false, options.warmupSeconds);
        log(`warm-up, ${api.label}: ${describeRun(warmup)}`);
      }
      ensureCanContinue();
    }

    await scenario.beforeRuns?.(context, state);
    const runsByApi: RunMeasurement[][] = deps.apis.map(() => []);
    const baselineRuns: RunMeasurement[] = [];
    for (let index = 1; index <= options.runs; index++) {
      const baseline = await load('baseline', index, deps.baselineUrl, true, options.durationSeconds);
      baselineRuns.push(baseline);
      log(`run ${index}/${options.runs} baseline: ${describeRun(baseline)}`);
      ensureCanContinue();
      // Every other round in reverse order, so that neither setting always runs first (warmer caches, fuller queues).
      const order = [...deps.apis.keys()];
      if (index % 2 === 0) order.reverse();
      for (const position of order) {
        const api = deps.apis[position];
        if (api === undefined) continue;
        const before = sampleCpu(deps.cpuRoots);
        const measured = await load('scenario', index, api.url, false, options.durationSeconds);
        const after = sampleCpu(deps.cpuRoots);
        // Where the CPU went during this run: what limits its figure.
        const run =
          before === undefined || after === undefined
            ? measured
            : { ...measured, cpu: cpuUse(before, after) };
        runsByApi[position]?.push(run);
        log(`run ${index}/${options.runs} ${scenario.name}, ${api.label}: ${describeRun(run)}`);
        ensureCanContinue();
      }
    }

    const lastApi = deps.apis[deps.apis.length - 1];
    if (scenarioPool.pending > 0 && lastApi !== undefined) {
      const drained = await scenarioPool.drain(lastApi.url);
      log(`sent the ${formatNumber(drained)} generated requests no run had sent (not measured)`);
    }

    const runs = runsByApi[0] ?? [];
    const runsAllProcesses = deps.apis.length > 1 ? (runsByApi[deps.apis.length - 1] ?? []) : [];
    const results: ScenarioResults = { warmup, runs: [...runs, ...runsAllProcesses], baselineRuns };
    let verification: Verification | undefined;
    if (scenario.verify !== undefined) {
      log('verifying');
      verification = await scenario.verify(context, state, results);
      log(`verification ${verification.passed ? 'passed' : `FAILED: ${verification.problems.join('; ')}`}`);
    }
    return {
      name: scenario.name,
      description: scenario.description,
      target: scenario.target,
      setupSeconds,
      warmup,
      runs,
      runsAllProcesses,
      baselineRuns,
      verification,
      summary: summarize({
        scenario: scenario.name,
        runs,
        runsAllProcesses,
        processes: lastApi?.processes ?? 1,
        baselineRuns,
        target: scenario.target,
        verification,
      }),
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
