import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, formatTable, formatTargets, summaryTable } from './table';
import type { ScenarioSummary } from './summary';

describe('formatNumber and formatPercent', () => {
  it('groups thousands and rounds to the asked decimals', () => {
    expect(formatNumber(16_700)).toBe('16,700');
    expect(formatNumber(1_234_567.89)).toBe('1,234,568');
    expect(formatNumber(4.25, 1)).toBe('4.3');
    expect(formatNumber(0.4567, 2)).toBe('0.46');
  });

  it('says n/a for a figure that was not measured', () => {
    expect(formatNumber(Number.NaN)).toBe('n/a');
    expect(formatPercent(Number.NaN)).toBe('n/a');
  });

  it('writes fractions as percentages', () => {
    expect(formatPercent(0.9734)).toBe('97.3%');
    expect(formatPercent(1, 0)).toBe('100%');
  });
});

describe('formatTargets', () => {
  it('says met or missed for every target, or a dash when there is none', () => {
    expect(
      formatTargets([
        { label: '16,700 req/s', met: false },
        { label: 'p99 < 20 ms', met: true },
      ]),
    ).toBe('target 16,700 req/s: missed, p99 < 20 ms: met');
    expect(formatTargets([])).toBe('-');
  });
});

describe('formatTable', () => {
  it('pads columns to the widest cell and marks right-aligned ones', () => {
    const table = formatTable(
      ['name', 'n'],
      [
        ['alpha', '1'],
        ['b', '1,000'],
      ],
      ['left', 'right'],
    );
    expect(table.split('\n')).toEqual([
      '| name  |     n |',
      '| ----- | ----: |',
      '| alpha |     1 |',
      '| b     | 1,000 |',
    ]);
  });

  it('escapes pipes inside cells so the columns stay put', () => {
    expect(formatTable(['a'], [['x|y']], ['left'])).toContain('| x\\|y |');
  });
});

describe('summaryTable', () => {
  const summary: ScenarioSummary = {
    scenario: 'subscribers-get-hot',
    one: { requestsPerSecond: 8_123.4, p50Ms: 11, p99Ms: 24, errors: 0, cpu: undefined },
    all: { requestsPerSecond: 13_002, p50Ms: 7, p99Ms: 19.04, errors: 3, cpu: undefined },
    processes: 2,
    baselineRequestsPerSecond: 20_310,
    ratio: 0.39997,
    targets: [
      { label: '16,700 req/s', met: false },
      { label: 'p99 < 20 ms', met: true },
    ],
    figures: [{ label: 'cache hit ratio', value: '99.8%' }],
    verification: 'passed',
  };
  const cellsOf = (line: string | undefined): string[] =>
    (line ?? '').split(' | ').map((cell) => cell.replace(/^\| ?| ?\|$/g, '').trim());

  it('prints one process and every core side by side, with the baseline and the ratio', () => {
    const [header, rule, row, single] = summaryTable([
      summary,
      {
        ...summary,
        scenario: 'other',
        all: undefined,
        processes: 1,
        figures: [],
        verification: 'none',
        targets: [],
      },
    ]).split('\n');
    expect(cellsOf(header)).toEqual([
      'scenario',
      '1 proc req/s',
      'p50 / p99 ms',
      'errors',
      '2 proc req/s',
      'p50 / p99 ms',
      'errors',
      'raw node req/s',
      'ratio (1 proc)',
      'targets',
      'extra',
    ]);
    expect(rule).toMatch(/^\| -+ \| -+: \|/);
    expect(cellsOf(row)).toEqual([
      'subscribers-get-hot',
      '8,123',
      '11.0 / 24.0',
      '0',
      '13,002',
      '7.0 / 19.0',
      '3',
      '20,310',
      '0.40',
      'target 16,700 req/s: missed, p99 < 20 ms: met',
      'cache hit ratio 99.8%; verification passed',
    ]);
    expect(cellsOf(single).slice(4, 7)).toEqual(['-', '-', '-']);
    expect(cellsOf(single).slice(-2)).toEqual(['-', '-']);
  });

  it('says where the CPU went in each setting, before the scenario figures', () => {
    const [, , row] = summaryTable([
      {
        ...summary,
        one: { ...summary.one, cpu: { api: 99, redis: 12, load: 60 } },
        all: summary.all === undefined ? undefined : { ...summary.all, cpu: { api: 150, worker: 20 } },
      },
    ]).split('\n');
    expect(cellsOf(row).at(-1)).toBe(
      'cpu 1 proc: api 99% · redis 12% · load 60%; cpu 2 proc: api 150% · worker 20%; cache hit ratio 99.8%; verification passed',
    );
  });

  it('names the second column after an A/B variant when there is one', () => {
    const [header] = summaryTable([summary], 'B: DOMAIN_STATUS_LOCAL_TTL_MS=0').split('\n');
    expect(cellsOf(header)[4]).toBe('B: DOMAIN_STATUS_LOCAL_TTL_MS=0 req/s');
  });
});
