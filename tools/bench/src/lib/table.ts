import { formatCpuUse } from './cpu-usage';
import type { ScenarioSummary, SideSummary, TargetCheck } from './summary';

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

const sideCells = (side: SideSummary | undefined): string[] =>
  side === undefined
    ? ['-', '-', '-']
    : [
        formatNumber(side.requestsPerSecond),
        `${formatNumber(side.p50Ms, 1)} / ${formatNumber(side.p99Ms, 1)}`,
        formatNumber(side.errors),
      ];

/** Which process was busy during the runs: what limits the figure. */
function cpuFigures(summary: ScenarioSummary, second: string): string[] {
  const figures: string[] = [];
  if (summary.one.cpu !== undefined) figures.push(`cpu 1 proc: ${formatCpuUse(summary.one.cpu)}`);
  if (summary.all?.cpu !== undefined) figures.push(`cpu ${second}: ${formatCpuUse(summary.all.cpu)}`);
  return figures;
}

/**
 * The result table, ready for a README: per scenario one API process and every core, each with req/s,
 * p50/p99 and errors, then the raw node:http baseline of the same run and one process's ratio to it.
 */
export function summaryTable(summaries: readonly ScenarioSummary[], secondLabel?: string): string {
  const processes = Math.max(1, ...summaries.map((summary) => summary.processes));
  const second = secondLabel ?? (processes > 1 ? `${processes} proc` : 'more proc (not run)');
  const headers = [
    'scenario',
    '1 proc req/s',
    'p50 / p99 ms',
    'errors',
    `${second} req/s`,
    'p50 / p99 ms',
    'errors',
    'raw node req/s',
    'ratio (1 proc)',
    'targets',
    'extra',
  ];
  const align: Align[] = [
    'left',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
    'left',
    'left',
  ];
  const rows = summaries.map((summary) => [
    summary.scenario,
    ...sideCells(summary.one),
    ...sideCells(summary.all),
    formatNumber(summary.baselineRequestsPerSecond),
    formatNumber(summary.ratio, 2),
    formatTargets(summary.targets),
    [
      ...cpuFigures(summary, second),
      ...summary.figures.map((figure) => `${figure.label} ${figure.value}`),
      ...(summary.verification === 'none' ? [] : [`verification ${summary.verification}`]),
    ].join('; ') || '-',
  ]);
  return formatTable(headers, rows, align);
}
