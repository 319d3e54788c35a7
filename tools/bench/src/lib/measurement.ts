import type { CpuUse } from './cpu-usage';

/** Which server a run loaded, and why. */
export type RunKind = 'warmup' | 'baseline' | 'scenario';

/** One autocannon run, reduced to the figures the report uses. */
export interface RunMeasurement {
  kind: RunKind;
  /** 1-based among the measured runs of its kind; 0 for a warm-up. */
  index: number;
  startedAt: string;
  durationSeconds: number;
  connections: number;
  /** Responses received (any status). */
  responses: number;
  /** Mean of the per-second response counts. */
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  statusCodes: Record<string, number>;
  /** Responses whose status the scenario does not expect (for a read: anything but 200). */
  unexpectedResponses: number;
  connectionErrors: number;
  timeouts: number;
  /** unexpectedResponses + connectionErrors + timeouts. */
  errors: number;
  /** Where the CPU went during a scenario run (Linux only): percent of one core per process role. */
  cpu?: CpuUse;
}

/** Responses whose status is not among the expected ones. */
export function countUnexpected(statusCodes: Record<string, number>, expected: readonly number[]): number {
  let unexpected = 0;
  for (const [status, count] of Object.entries(statusCodes)) {
    if (!expected.includes(Number(status))) unexpected += count;
  }
  return unexpected;
}

/** Responses of one status summed over runs. */
export function countStatus(runs: readonly RunMeasurement[], status: number): number {
  return runs.reduce((total, run) => total + (run.statusCodes[String(status)] ?? 0), 0);
}
