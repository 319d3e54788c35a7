import type { RunMeasurement } from './measurement';
import { median, ratio, sum } from './stats';

/** Throughput and latency a scenario aims at; printed as met or missed, never asserted. */
export interface Target {
  rps?: number;
  p99Ms?: number;
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

/** One row of the result table: medians over the measured runs. */
export interface ScenarioSummary {
  scenario: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  baselineRequestsPerSecond: number;
  /** Scenario req/s over baseline req/s. */
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
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (target?.rps !== undefined) {
    checks.push({ label: `${thousands.format(target.rps)} req/s`, met: requestsPerSecond >= target.rps });
  }
  if (target?.p99Ms !== undefined) {
    checks.push({ label: `p99 < ${thousands.format(target.p99Ms)} ms`, met: p99Ms < target.p99Ms });
  }
  return checks;
}

export function summarize(
  scenario: string,
  runs: readonly RunMeasurement[],
  baselineRuns: readonly RunMeasurement[],
  target: Target | undefined,
  verification: Verification | undefined,
): ScenarioSummary {
  const requestsPerSecond = median(runs.map((run) => run.requestsPerSecond));
  const p99Ms = median(runs.map((run) => run.latencyMs.p99));
  const baselineRequestsPerSecond = median(baselineRuns.map((run) => run.requestsPerSecond));
  return {
    scenario,
    requestsPerSecond,
    p50Ms: median(runs.map((run) => run.latencyMs.p50)),
    p99Ms,
    errors: sum(runs.map((run) => run.errors)),
    baselineRequestsPerSecond,
    ratio: ratio(requestsPerSecond, baselineRequestsPerSecond),
    targets: checkTargets(target, requestsPerSecond, p99Ms),
    figures: verification?.figures ?? [],
    verification: verification === undefined ? 'none' : verification.passed ? 'passed' : 'failed',
  };
}
