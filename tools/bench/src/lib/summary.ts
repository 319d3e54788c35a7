import { CPU_ROLES, type CpuUse } from './cpu-usage';
import type { RunMeasurement } from './measurement';
import { median, ratio, sum } from './stats';

/**
 * What a scenario aims at; printed as met or missed, never asserted. `rps` and `p99Ms` are checked against
 * the API with every core (API_PROCESSES = the number of cores), `ratio` against one process over the raw
 * node:http baseline (one process against one process).
 */
export interface Target {
  rps?: number;
  p99Ms?: number;
  ratio?: number;
}
export interface TargetCheck {
  label: string;
  met: boolean;
}

/** A scenario-specific figure for the table and the JSON, e.g. the cache hit ratio. */
export interface ExtraFigure {
  label: string;
  value: string;
}

export interface Verification {
  passed: boolean;
  figures: ExtraFigure[];
  /** Why it failed, one line each; empty when it passed. */
  problems: string[];
}

/** Medians over the measured runs against one API setting. */
export interface SideSummary {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Total over the runs: unexpected statuses, socket errors and timeouts. */
  errors: number;
  /** Median per role of the runs' CPU use; undefined where it was not sampled. */
  cpu: CpuUse | undefined;
}

/** One row of the result table. */
export interface ScenarioSummary {
  scenario: string;
  /** The API as one process. */
  one: SideSummary;
  /** The API with `processes` processes; undefined when the machine has one core. */
  all: SideSummary | undefined;
  processes: number;
  baselineRequestsPerSecond: number;
  /** One process's req/s over the baseline's (itself one process). */
  ratio: number;
  targets: TargetCheck[];
  figures: ExtraFigure[];
  verification: 'passed' | 'failed' | 'none';
}

const thousands = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function checkTargets(
  target: Target | undefined,
  requestsPerSecond: number,
  p99Ms: number,
  baselineRatio = Number.NaN,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (target?.ratio !== undefined) {
    checks.push({ label: `ratio ≥ ${target.ratio}`, met: baselineRatio >= target.ratio });
  }
  if (target?.rps !== undefined) {
    checks.push({ label: `${thousands.format(target.rps)} req/s`, met: requestsPerSecond >= target.rps });
  }
  if (target?.p99Ms !== undefined) {
    checks.push({ label: `p99 < ${thousands.format(target.p99Ms)} ms`, met: p99Ms < target.p99Ms });
  }
  return checks;
}

function side(runs: readonly RunMeasurement[]): SideSummary {
  return {
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    p50Ms: median(runs.map((run) => run.latencyMs.p50)),
    p99Ms: median(runs.map((run) => run.latencyMs.p99)),
    errors: sum(runs.map((run) => run.errors)),
    cpu: medianCpu(runs),
  };
}

function medianCpu(runs: readonly RunMeasurement[]): CpuUse | undefined {
  const sampled = runs.flatMap((run) => (run.cpu === undefined ? [] : [run.cpu]));
  if (sampled.length === 0) return undefined;
  const use: CpuUse = {};
  for (const role of CPU_ROLES) {
    const values = sampled.flatMap((cpu) => (cpu[role] === undefined ? [] : [cpu[role]]));
    if (values.length > 0) use[role] = median(values);
  }
  return use;
}

export interface SummaryInput {
  scenario: string;
  runs: readonly RunMeasurement[];
  /** Runs against the API with `processes` processes; empty when only one process was measured. */
  runsAllProcesses: readonly RunMeasurement[];
  processes: number;
  baselineRuns: readonly RunMeasurement[];
  target: Target | undefined;
  verification: Verification | undefined;
}

export function summarize(input: SummaryInput): ScenarioSummary {
  const one = side(input.runs);
  const all = input.runsAllProcesses.length > 0 ? side(input.runsAllProcesses) : undefined;
  const baselineRequestsPerSecond = median(input.baselineRuns.map((run) => run.requestsPerSecond));
  const baselineRatio = ratio(one.requestsPerSecond, baselineRequestsPerSecond);
  const checked = all ?? one;
  const { verification } = input;
  return {
    scenario: input.scenario,
    one,
    all,
    processes: all === undefined ? 1 : input.processes,
    baselineRequestsPerSecond,
    ratio: baselineRatio,
    targets: checkTargets(input.target, checked.requestsPerSecond, checked.p99Ms, baselineRatio),
    figures: verification?.figures ?? [],
    verification: verification === undefined ? 'none' : verification.passed ? 'passed' : 'failed',
  };
}
