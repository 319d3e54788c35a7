import type { BenchOptions } from './args';
import type { BenchDatabase } from './database';
import type { ApiClient } from './http';
import type { LoadRequest } from './load';
import type { RunMeasurement } from './measurement';
import type { Target, Verification } from './summary';

/** What a scenario gets to prepare, watch and check its load. */
export interface ScenarioContext {
  readonly api: ApiClient;
  readonly db: BenchDatabase;
  readonly options: BenchOptions;
  /** A progress line, prefixed with the scenario name. */
  log(message: string): void;
}

export interface ScenarioResults {
  warmup: RunMeasurement | undefined;
  runs: RunMeasurement[];
  baselineRuns: RunMeasurement[];
}

/**
 * One load scenario. The runner calls `setup` once, loads the API with `requests(state)` for a warm-up and
 * then `options.runs` measured runs (each after a baseline run), calls `beforeRuns` just before the first
 * measured run and `verify` after the last. Add one by writing `scenarios/<name>.scenario.ts` and listing
 * it in `scenarios/index.ts`.
 */
export interface Scenario<State = unknown> {
  readonly name: string;
  /** One line for the usage text. */
  readonly description: string;
  readonly target?: Target;
  /** Start `apps/api/dist/worker.js` beside the API (queue processors). */
  readonly needsWorker?: boolean;
  /**
   * Connections for this scenario and its baseline runs, instead of `--connections`: for requests with large
   * bodies, where 100 connections would only queue uploads until the client times out.
   */
  readonly connections?: number;
  /** Statuses that count as success; any other response is an error. Defaults to [200]. */
  readonly expectedStatuses?: readonly number[];
  /** Seeds what the scenario reads or collides with; returns whatever `requests` and `verify` need. */
  setup(ctx: ScenarioContext): Promise<State>;
  /** autocannon requests; use `setupRequest` to vary each request and `onResponse` to record outcomes. */
  requests(state: State): LoadRequest[];
  beforeRuns?(ctx: ScenarioContext, state: State): Promise<void>;
  /** Extra figures for the table, and a verdict: a failed verification makes the runner exit 1. */
  verify?(ctx: ScenarioContext, state: State, results: ScenarioResults): Promise<Verification>;
}
