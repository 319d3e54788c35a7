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
    requestsPerSecond: 8_123.4,
    p50Ms: 11,
    p99Ms: 24,
    errors: 0,
    baselineRequestsPerSecond: 20_310,
    ratio: 0.39997,
    targets: [
      { label: '16,700 req/s', met: false },
      { label: 'p99 < 20 ms', met: false },
    ],
    figures: [{ label: 'cache hit ratio', value: '99.8%' }],
    verification: 'passed',
  };

  it('prints one row per scenario with every column', () => {
    const [header, rule, row, extra] = summaryTable([
      summary,
      { ...summary, scenario: 'other', figures: [], verification: 'none', targets: [] },
    ]).split('\n');
    expect(header).toMatch(
      /^\| scenario +\| req\/s \| p50 ms \| p99 ms \| errors \| baseline req\/s \| ratio \| targets +\| extra +\|$/,
    );
    expect(rule).toMatch(/^\| -+ \| -+: \|/);
    const cells = row
      ?.split('|')
      .map((cell) => cell.trim())
      .filter(Boolean);
    expect(cells).toEqual([
      'subscribers-get-hot',
      '8,123',
      '11.0',
      '24.0',
      '0',
      '20,310',
      '0.40',
      'target 16,700 req/s: missed, p99 < 20 ms: missed',
      'cache hit ratio 99.8%; verification passed',
    ]);
    expect(
      extra
        ?.split('|')
        .map((cell) => cell.trim())
        .filter(Boolean)
        .slice(-2),
    ).toEqual(['-', '-']);
  });
});
