import type { BenchOptions } from './args';
import { runLoad, type LoadOptions } from './load';
import type { RunMeasurement } from './measurement';
import type { Scenario, ScenarioContext, ScenarioResults } from './scenario';
import { summarize, type ScenarioSummary, type Target, type Verification } from './summary';
import { formatNumber } from './table';

/** Everything one scenario produced, as written to the JSON results. */
export interface ScenarioReport {
  name: string;
  description: string;
  target: Target | undefined;
  setupSeconds: number;
  warmup: RunMeasurement | undefined;
  runs: RunMeasurement[];
  baselineRuns: RunMeasurement[];
  verification: Verification | undefined;
  summary: ScenarioSummary;
}

export interface ScenarioRunnerDeps {
  context: ScenarioContext;
  apiUrl: string;
  baselineUrl: string;
  options: BenchOptions;
  signal: AbortSignal;
  /** Throws when a service the bench started has died, so a dead API is not measured as a slow one. */
  assertServicesUp: () => void;
}

/** Random GETs against the baseline, built the same way as the scenarios' so the load generator works alike. */
function baselineRequests(): LoadOptions['requests'] {
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

/** Setup, warm-up, `runs` × (baseline run, scenario run), verification; progress lines throughout. */
export async function runScenario(scenario: Scenario, deps: ScenarioRunnerDeps): Promise<ScenarioReport> {
  const { context, options, signal } = deps;
  const log = (message: string): void => context.log(message);
  const expectedStatuses = scenario.expectedStatuses ?? [200];
  const load = (
    url: string,
    requests: LoadOptions['requests'],
    durationSeconds: number,
    statuses: readonly number[],
  ): LoadOptions => ({
    url,
    requests,
    connections: scenario.connections ?? options.connections,
    durationSeconds,
    expectedStatuses: statuses,
    signal,
    onProgress: (elapsed, responses) =>
      log(`  … ${elapsed}/${durationSeconds} s, ${formatNumber(responses)} responses so far`),
  });
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

  let warmup: RunMeasurement | undefined;
  if (options.warmupSeconds > 0) {
    log(`warm-up: ${options.warmupSeconds} s against the API and the baseline`);
    await runLoad('warmup', 0, load(deps.baselineUrl, baselineRequests(), options.warmupSeconds, [200]));
    ensureCanContinue();
    warmup = await runLoad(
      'warmup',
      0,
      load(deps.apiUrl, scenario.requests(state), options.warmupSeconds, expectedStatuses),
    );
    log(`warm-up: ${describeRun(warmup)}`);
    ensureCanContinue();
  }

  await scenario.beforeRuns?.(context, state);
  const runs: RunMeasurement[] = [];
  const baselineRuns: RunMeasurement[] = [];
  for (let index = 1; index <= options.runs; index++) {
    const baseline = await runLoad(
      'baseline',
      index,
      load(deps.baselineUrl, baselineRequests(), options.durationSeconds, [200]),
    );
    baselineRuns.push(baseline);
    log(`run ${index}/${options.runs} baseline: ${describeRun(baseline)}`);
    ensureCanContinue();
    const run = await runLoad(
      'scenario',
      index,
      load(deps.apiUrl, scenario.requests(state), options.durationSeconds, expectedStatuses),
    );
    runs.push(run);
    log(`run ${index}/${options.runs} ${scenario.name}: ${describeRun(run)}`);
    ensureCanContinue();
  }

  const results: ScenarioResults = { warmup, runs, baselineRuns };
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
    baselineRuns,
    verification,
    summary: summarize(scenario.name, runs, baselineRuns, scenario.target, verification),
  };
}
