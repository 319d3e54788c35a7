import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { readRepoFile, repoPath } from './repo.ts';

/** The BUILT API (the checks target depends on api:build), loaded as production loads it. */
const API_MAIN_JS = repoPath('apps/api/dist/main.js');
const requireFromApi = createRequire(API_MAIN_JS);

/** The queue gauges read Redis only when scraped; registering them needs no queue at all. */
const NO_QUEUES = { read: () => Promise.resolve([]) };

/** A module export that is a function, kept as it is (zod's own function schema would wrap it). */
const fn = <T>() => z.custom<T>((value) => typeof value === 'function');

/**
 * The API's modules that put metrics into prom-client's registry (sources under apps/api/src), and how each is
 * made to: a monitoring check proves no other source creates a metric.
 */
const REGISTRARS: ReadonlyArray<{ source: string; register: (module: unknown) => void }> = [
  {
    source: 'core/metrics/metrics-server.ts',
    register: (module) =>
      z.object({ collectProcessMetrics: fn<() => void>() }).parse(module).collectProcessMetrics(),
  },
  { source: 'core/metrics/app-metrics.ts', register: () => undefined },
  {
    source: 'core/http/rate-limit.store.ts',
    register: (module) => z.object({ failOpenCounter: fn<() => unknown>() }).parse(module).failOpenCounter(),
  },
  {
    source: 'core/metrics/queue-metrics.collector.ts',
    register: (module) => {
      const { QueueMetricsCollector } = z
        .object({ QueueMetricsCollector: fn<new (stats: typeof NO_QUEUES) => unknown>() })
        .parse(module);
      new QueueMetricsCollector(NO_QUEUES);
    },
  },
];

interface Registry {
  getMetricsAsJSON(): Promise<unknown>;
}
const metricsSchema = z.array(z.object({ name: z.string(), type: z.string() }));

/** Every metric the API and the worker export, by name and type, read from the built API's own registry. */
export async function exportedMetrics(): Promise<Map<string, string>> {
  if (!existsSync(API_MAIN_JS)) throw new Error(`${API_MAIN_JS} is missing: run npx nx run api:build first`);
  for (const { source, register } of REGISTRARS)
    register(requireFromApi(`./${source.replace(/\.ts$/, '.js')}`));
  const { register } = z
    .object({
      register: z.custom<Registry>(
        (value) => typeof (value as Partial<Registry> | null)?.getMetricsAsJSON === 'function',
      ),
    })
    .parse(requireFromApi('prom-client'));
  const metrics = metricsSchema.parse(await register.getMetricsAsJSON());
  return new Map(metrics.map(({ name, type }) => [name, type]));
}

/** Series Prometheus writes itself for every scrape target. */
const PROMETHEUS_SERIES = ['up'];

/** Every series name a query may select: a histogram `h` is read as `h_bucket`, `h_count` and `h_sum`. */
export async function exportedSeriesNames(): Promise<Set<string>> {
  const series = [...(await exportedMetrics())].flatMap(([name, type]) => {
    if (type === 'histogram') return [`${name}_bucket`, `${name}_count`, `${name}_sum`];
    if (type === 'summary') return [name, `${name}_count`, `${name}_sum`];
    return [name];
  });
  return new Set([...PROMETHEUS_SERIES, ...series]);
}

/** The modules `exportedMetrics` loads, as paths under apps/api/src. */
export const metricRegistrars = (): string[] => REGISTRARS.map(({ source }) => source);

/** Sources under apps/api/src (tests left out) that create a prom-client metric or collect its defaults. */
export function sourcesCreatingMetrics(): string[] {
  const root = repoPath('apps/api/src');
  const walk = (directory: string): string[] =>
    readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return walk(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [relative(root, path)] : [];
    });
  const creates = /new (?:Counter|Gauge|Histogram|Summary)\b|collectDefaultMetrics\(/;
  return walk(root).filter((path) => creates.test(readRepoFile(`apps/api/src/${path}`)));
}
