import {
  ArcElement,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Filler,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
  type ChartType,
} from 'chart.js';

/** Every chart of the dashboard takes its look from here: colours, fonts, axes, legend, no animation. */
ChartJS.register(ArcElement, BarElement, CategoryScale, Filler, Legend, LinearScale, LineElement, PointElement, Tooltip);
ChartJS.defaults.font.family = "Inter, 'Segoe UI', system-ui, -apple-system, Roboto, 'Helvetica Neue', Arial, sans-serif";
ChartJS.defaults.font.size = 12;
ChartJS.defaults.color = '#475467';
ChartJS.defaults.borderColor = '#eaecf0';

/** Series colours in order; picked so that neighbours differ in hue and lightness (readable when printed grey). */
export const SERIES_COLOURS = ['#4f46e5', '#0891b2', '#d97706', '#be185d', '#15803d', '#64748b'] as const;

export const seriesColour = (index: number): string => SERIES_COLOURS[index % SERIES_COLOURS.length] ?? '#4f46e5';

/** Colours of the deliverability statuses, shared by the badges' chart and the doughnut. */
export const STATUS_COLOURS = { unknown: '#98a2b3', 'catch-all': '#d97706', 'not catch-all': '#067647' } as const;

/** A line series in the house style. */
export function lineSeries(label: string, data: Array<number | null>, index: number) {
  const colour = seriesColour(index);
  return {
    label,
    data,
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: 2,
    pointRadius: 0,
    pointHoverRadius: 4,
    tension: 0.25,
    // No overshoot between points: a curve never shows a value that was not there.
    cubicInterpolationMode: 'monotone' as const,
    spanGaps: false,
  };
}

/** Axis labels are never tilted: they are thinned out instead. */
const flatTicks = { maxRotation: 0, autoSkip: true, autoSkipPadding: 12 } as const;

/** Options every chart shares; `yTitle` names the unit on the value axis. */
export function baseOptions<T extends ChartType>(yTitle: string, extra?: ChartOptions<T>): ChartOptions<T> {
  const shared = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 10, boxHeight: 10, usePointStyle: true } },
      tooltip: { padding: 10 },
    },
    scales: {
      x: { ticks: flatTicks, grid: { display: false } },
      y: {
        beginAtZero: true,
        ticks: { precision: 0 },
        title: { display: yTitle !== '', text: yTitle },
      },
    },
  };
  return extra === undefined ? (shared as ChartOptions<T>) : mergeOptions(shared as ChartOptions<T>, extra);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof value !== 'function';
}

/** Deep merge of chart options: `extra` wins, objects merge, everything else is replaced. */
function mergeOptions<T>(base: T, extra: T): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(extra as Record<string, unknown>)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeOptions(current, value) : value;
  }
  return out as T;
}

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "14:05" in the browser's time zone (as every other time on the page), for time axes. */
export const clockLabel = (iso: string): string => clock.format(new Date(iso));
