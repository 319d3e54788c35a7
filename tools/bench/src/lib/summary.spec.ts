import { describe, expect, it } from 'vitest';
import { countStatus, countUnexpected, type RunMeasurement } from './measurement';
import { checkTargets, summarize } from './summary';

function run(
  kind: RunMeasurement['kind'],
  requestsPerSecond: number,
  p50: number,
  p99: number,
  errors = 0,
): RunMeasurement {
  return {
    kind,
    index: 1,
    startedAt: '2025-01-01T00:00:00.000Z',
    durationSeconds: 10,
    connections: 100,
    responses: requestsPerSecond * 10,
    requestsPerSecond,
    latencyMs: { mean: p50, p50, p90: p99, p99, max: p99 },
    statusCodes: { '200': requestsPerSecond * 10 },
    unexpectedResponses: errors,
    connectionErrors: 0,
    timeouts: 0,
    errors,
  };
}

describe('summarize', () => {
  it('takes medians over the runs, totals errors and relates one process to the baseline', () => {
    const summary = summarize({
      scenario: 'get',
      runs: [
        run('scenario', 9_000, 10, 30, 2),
        run('scenario', 5_000, 20, 90),
        run('scenario', 8_000, 12, 25, 1),
      ],
      runsAllProcesses: [run('scenario', 15_000, 8, 18), run('scenario', 14_000, 9, 22, 4)],
      processes: 2,
      baselineRuns: [
        run('baseline', 21_000, 4, 9),
        run('baseline', 16_000, 5, 12),
        run('baseline', 20_000, 4, 10),
      ],
      target: { rps: 14_600, p99Ms: 20, ratio: 0.5 },
      verification: undefined,
    });
    expect(summary).toEqual({
      scenario: 'get',
      one: { requestsPerSecond: 8_000, p50Ms: 12, p99Ms: 30, errors: 3 },
      all: { requestsPerSecond: 14_500, p50Ms: 8.5, p99Ms: 20, errors: 4 },
      processes: 2,
      baselineRequestsPerSecond: 20_000,
      ratio: 0.4,
      // req/s and p99 are the every-core figures; the ratio is one process against one.
      targets: [
        { label: 'ratio ≥ 0.5', met: false },
        { label: '14,600 req/s', met: false },
        { label: 'p99 < 20 ms', met: false },
      ],
      figures: [],
      verification: 'none',
    });
  });

  it('checks targets against the single process when only one was measured', () => {
    const summary = summarize({
      scenario: 'get',
      runs: [run('scenario', 9_000, 10, 15)],
      runsAllProcesses: [],
      processes: 4,
      baselineRuns: [run('baseline', 10_000, 4, 9)],
      target: { rps: 9_000, p99Ms: 20 },
      verification: undefined,
    });
    expect(summary.all).toBeUndefined();
    expect(summary.processes).toBe(1);
    expect(summary.targets.every((check) => check.met)).toBe(true);
  });

  it('carries the verification verdict and its figures', () => {
    const figures = [{ label: '201', value: '12' }];
    expect(
      summarize({
        scenario: 'post',
        runs: [run('scenario', 1, 1, 1)],
        runsAllProcesses: [],
        processes: 1,
        baselineRuns: [],
        target: undefined,
        verification: { passed: false, figures, problems: ['x'] },
      }),
    ).toMatchObject({
      figures,
      verification: 'failed',
      baselineRequestsPerSecond: Number.NaN,
      ratio: Number.NaN,
    });
  });
});

describe('checkTargets', () => {
  it('checks only the targets that are set; p99 must be strictly below', () => {
    expect(checkTargets(undefined, 1, 1)).toEqual([]);
    expect(checkTargets({ rps: 10_000 }, 10_000, 1)).toEqual([{ label: '10,000 req/s', met: true }]);
    expect(checkTargets({ p99Ms: 20 }, 0, 20)).toEqual([{ label: 'p99 < 20 ms', met: false }]);
    expect(checkTargets({ ratio: 0.5 }, 0, 0, 0.5)).toEqual([{ label: 'ratio ≥ 0.5', met: true }]);
    expect(checkTargets({ ratio: 0.5 }, 0, 0)).toEqual([{ label: 'ratio ≥ 0.5', met: false }]);
  });
});

describe('status counting', () => {
  it('counts responses outside the expected statuses, and one status over runs', () => {
    expect(countUnexpected({ '200': 10, '404': 2, '500': 1 }, [200])).toBe(3);
    expect(countUnexpected({ '201': 10, '409': 90, '503': 4 }, [201, 409])).toBe(4);
    const runs: RunMeasurement[] = [
      { ...run('scenario', 1, 1, 1), statusCodes: { '201': 3, '409': 7 } },
      { ...run('scenario', 1, 1, 1), statusCodes: { '409': 5 } },
    ];
    expect(countStatus(runs, 201)).toBe(3);
    expect(countStatus(runs, 409)).toBe(12);
  });
});
