import type { AreaTrafficPoint, QueueTrafficPoint, SystemTraffic } from '@hotpath/contracts';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
}

export interface TrafficCharts {
  /** ISO start of each step, oldest first. */
  steps: string[];
  requestRate: ChartSeries[];
  p99: ChartSeries[];
  errorRate: ChartSeries[];
  queueDepth: ChartSeries[];
  queueLag: ChartSeries[];
}

/** Every step of the answer, oldest first, whichever series it appears in. */
function stepsOf(traffic: SystemTraffic): string[] {
  const all = new Set<string>();
  for (const area of traffic.areas) for (const point of area.points) all.add(point.at);
  for (const queue of traffic.queues) for (const point of queue.points) all.add(point.at);
  return [...all].sort((a, b) => Date.parse(a) - Date.parse(b));
}

function align<P extends { at: string }>(
  steps: string[],
  points: P[],
  value: (point: P) => number | null,
): Array<number | null> {
  const byStep = new Map(points.map((point) => [point.at, point]));
  return steps.map((step) => {
    const point = byStep.get(step);
    return point === undefined ? null : value(point);
  });
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/**
 * The overview's five charts from one `GET /system/traffic` answer: requests per second, p99 and the share
 * of 5xx answers per area, and waiting jobs and the age of the oldest one (write-behind lag) per queue.
 */
export function trafficCharts(traffic: SystemTraffic): TrafficCharts {
  const steps = stepsOf(traffic);
  const step = Math.max(1, traffic.stepSeconds);
  const areaSeries = (value: (point: AreaTrafficPoint) => number | null): ChartSeries[] =>
    traffic.areas.map((area) => ({ label: area.area, values: align(steps, area.points, value) }));
  const queueSeries = (value: (point: QueueTrafficPoint) => number | null): ChartSeries[] =>
    traffic.queues.map((queue) => ({ label: queue.queue, values: align(steps, queue.points, value) }));
  return {
    steps,
    requestRate: areaSeries((point) => round(point.requests / step, 2)),
    p99: areaSeries((point) => point.p99Ms),
    errorRate: areaSeries((point) => (point.requests === 0 ? null : round((100 * point.errors) / point.requests, 2))),
    queueDepth: queueSeries((point) => point.waiting),
    queueLag: queueSeries((point) => point.oldestWaitingSeconds ?? 0),
  };
}

/** The latest figure of a series (the value of its last step that has one). */
export function latestValue(series: ChartSeries): number | null {
  for (let index = series.values.length - 1; index >= 0; index--) {
    const value = series.values[index];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}
