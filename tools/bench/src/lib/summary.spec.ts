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
  it('takes medians over the runs, totals errors and relates req/s to the baseline', () => {
    const summary = summarize(
      'get',
      [run('scenario', 9_000, 10, 30, 2), run('scenario', 5_000, 20, 90), run('scenario', 8_000, 12, 25, 1)],
      [run('baseline', 21_000, 4, 9), run('baseline', 16_000, 5, 12), run('baseline', 20_000, 4, 10)],
      { rps: 7_500, p99Ms: 20 },
      undefined,
    );
    expect(summary).toEqual({
      scenario: 'get',
      requestsPerSecond: 8_000,
      p50Ms: 12,
      p99Ms: 30,
      errors: 3,
      baselineRequestsPerSecond: 20_000,
      ratio: 0.4,
      targets: [
        { label: '7,500 req/s', met: true },
        { label: 'p99 < 20 ms', met: false },
      ],
      figures: [],
      verification: 'none',
    });
  });

  it('carries the verification verdict and its figures', () => {
    const figures = [{ label: '201', value: '12' }];
    expect(
      summarize('post', [run('scenario', 1, 1, 1)], [], undefined, {
        passed: false,
        figures,
        problems: ['x'],
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
