import type { ScenarioSummary, TargetCheck } from './summary';

export type Align = 'left' | 'right';

/** A number with thousands separators and a fixed number of decimals; "n/a" when it is not a number. */
export function formatNumber(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function formatPercent(fraction: number, decimals = 1): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(decimals)}%` : 'n/a';
}

export function formatTargets(checks: readonly TargetCheck[]): string {
  if (checks.length === 0) return '-';
  return `target ${checks.map((check) => `${check.label}: ${check.met ? 'met' : 'missed'}`).join(', ')}`;
}

/** A Markdown table with padded columns, readable in a terminal and pasteable into a document. */
export function formatTable(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  align: readonly Align[],
): string {
  const escape = (cell: string): string => cell.replace(/\|/g, '\\|');
  const body = rows.map((row) => headers.map((_, column) => escape(row[column] ?? '')));
  const widths = headers.map((header, column) =>
    Math.max(3, header.length, ...body.map((row) => (row[column] ?? '').length)),
  );
  const pad = (cell: string, column: number): string => {
    const width = widths[column] ?? 0;
    return align[column] === 'right' ? cell.padStart(width) : cell.padEnd(width);
  };
  const line = (cells: readonly string[]): string => `| ${cells.map(pad).join(' | ')} |`;
  const rule = widths.map((width, column) =>
    align[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width),
  );
  return [line(headers), `| ${rule.join(' | ')} |`, ...body.map(line)].join('\n');
}

const HEADERS = [
  'scenario',
  'req/s',
  'p50 ms',
  'p99 ms',
  'errors',
  'baseline req/s',
  'ratio',
  'targets',
  'extra',
] as const;
const ALIGN: Align[] = ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left'];

export function summaryTable(summaries: readonly ScenarioSummary[]): string {
  const rows = summaries.map((summary) => [
    summary.scenario,
    formatNumber(summary.requestsPerSecond),
    formatNumber(summary.p50Ms, 1),
    formatNumber(summary.p99Ms, 1),
    formatNumber(summary.errors),
    formatNumber(summary.baselineRequestsPerSecond),
    formatNumber(summary.ratio, 2),
    formatTargets(summary.targets),
    [
      ...summary.figures.map((figure) => `${figure.label} ${figure.value}`),
      ...(summary.verification === 'none' ? [] : [`verification ${summary.verification}`]),
    ].join('; ') || '-',
  ]);
  return formatTable(HEADERS, rows, ALIGN);
}
