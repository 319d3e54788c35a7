import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { environmentOf, loadCompose, type ComposeService } from './lib/compose.ts';
import { exportedSeriesNames, metricRegistrars, sourcesCreatingMetrics } from './lib/api-metrics.ts';
import { promqlNames } from './lib/promql.ts';
import { readRepoFile, repoPath, repoPathExists } from './lib/repo.ts';

/** Read from the built API's prom-client registry, so a renamed or removed metric fails these checks. */
const exported = await exportedSeriesNames();
const { compose } = loadCompose('docker/docker-compose.yml', { ADMIN_TOKEN: 'a-token-for-the-checks' });
const PROMETHEUS_DIR = 'docker/prometheus';

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** Runs Debian's promtool (package `prometheus`), failing with a clear message when it is not installed. */
function promtool(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd: repoPath(PROMETHEUS_DIR), encoding: 'utf8' });
  if (result.error)
    throw new Error(
      `promtool is needed for this check (apt-get install prometheus): ${result.error.message}`,
    );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const ruleFileSchema = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      rules: z.array(
        z.object({ record: z.string().optional(), alert: z.string().optional(), expr: z.string() }),
      ),
    }),
  ),
});
const rules = ruleFileSchema
  .parse(parse(readRepoFile(`${PROMETHEUS_DIR}/rules.yml`)))
  .groups.flatMap((group) => group.rules);
const recorded = new Set(rules.flatMap((rule) => (rule.record === undefined ? [] : [rule.record])));

const dashboardSchema = z.object({
  uid: z.string(),
  panels: z.array(
    z.object({
      title: z.string(),
      datasource: z.object({ uid: z.string() }),
      targets: z.array(z.object({ expr: z.string(), datasource: z.object({ uid: z.string() }) })).min(1),
    }),
  ),
});
const dashboard = dashboardSchema.parse(JSON.parse(readRepoFile('docker/grafana/dashboards/hotpath.json')));
const dashboardQueries = dashboard.panels.flatMap((panel) =>
  panel.targets.map((target) => ({ panel: panel.title, expr: target.expr })),
);

/** Metric names a query reads that neither the application nor a recording rule provides. */
function unknownMetrics(expr: string, known: Set<string>): string[] {
  const { metrics, problems } = promqlNames(expr);
  expect(problems, expr).toEqual([]);
  expect(metrics.length, `${expr} reads some metric`).toBeGreaterThan(0);
  return metrics.filter((name) => !known.has(name));
}

describe('metric names (the built API registry)', () => {
  it('are read from every API module that creates a metric', () => {
    expect(sourcesCreatingMetrics().sort()).toEqual(metricRegistrars().sort());
  });

  it('hold the application metrics and the process defaults, histograms as their series', () => {
    for (const name of [
      'hotpath_queue_jobs',
      'hotpath_rate_limit_fail_open_total',
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_count',
      'nodejs_eventloop_lag_p99_seconds',
      'process_resident_memory_bytes',
      'up',
    ])
      expect(exported, name).toContain(name);
    expect(exported).not.toContain('http_request_duration_seconds');
  });
});

describe('Prometheus (docker/prometheus)', () => {
  it('is a configuration and rule set promtool accepts', () => {
    const config = promtool('check', 'config', 'prometheus.yml');
    expect(config.output).toMatch(/SUCCESS/);
    expect(config.status, config.output).toBe(0);
    const checked = promtool('check', 'rules', 'rules.yml');
    expect(checked.status, checked.output).toBe(0);
  });

  it('folds routes into areas and fires its alerts as the rule tests expect', () => {
    const result = promtool('test', 'rules', 'rules.test.yml');
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.status, result.output).toBe(0);
  });

  it('scrapes every api and worker container on the metrics ports compose gives them', () => {
    const configSchema = z.object({
      rule_files: z.array(z.string()),
      scrape_configs: z.array(
        z.object({
          job_name: z.string(),
          dns_sd_configs: z.array(
            z.object({ names: z.array(z.string()), type: z.literal('A'), port: z.number() }),
          ),
        }),
      ),
    });
    const config = configSchema.parse(parse(readRepoFile(`${PROMETHEUS_DIR}/prometheus.yml`)));
    const targets = Object.fromEntries(
      config.scrape_configs.flatMap((job) =>
        job.dns_sd_configs.flatMap((sd) => sd.names.map((name) => [name, sd.port])),
      ),
    );
    expect(targets).toEqual({
      api: Number(environmentOf(service('api'))['METRICS_PORT']),
      worker: Number(environmentOf(service('worker'))['WORKER_METRICS_PORT']),
    });
    expect(service('api').expose).toContain(String(targets['api']));
    expect(service('worker').expose).toContain(String(targets['worker']));
    // Compose mounts the config and its rule files side by side, as they sit in the repository.
    const mounted = (service('prometheus').volumes ?? []).map(String);
    for (const file of ['prometheus.yml', ...config.rule_files]) {
      expect(repoPathExists(`${PROMETHEUS_DIR}/${file}`), file).toBe(true);
      expect(mounted, file).toContain(`./prometheus/${file}:/etc/prometheus/${file}:ro`);
    }
  });

  it('records and alerts only on metrics the application exports', () => {
    const known = new Set(exported);
    for (const rule of rules) {
      expect(unknownMetrics(rule.expr, known), rule.record ?? rule.alert).toEqual([]);
      if (rule.record !== undefined) known.add(rule.record);
    }
  });

  it('would catch an alert on a metric nobody exports', () => {
    const known = new Set([...exported, ...recorded]);
    expect(unknownMetrics('rate(hotpath_queue_jobs_total[5m]) > 0', known)).toEqual([
      'hotpath_queue_jobs_total',
    ]);
  });
});

describe('Grafana (docker/grafana)', () => {
  it('provisions the Prometheus data source the dashboard panels use', () => {
    const datasources = z
      .object({ datasources: z.array(z.object({ uid: z.string(), type: z.string(), url: z.string() })) })
      .parse(parse(readRepoFile('docker/grafana/provisioning/datasources/prometheus.yml'))).datasources;
    expect(datasources).toEqual([
      expect.objectContaining({
        uid: 'hotpath-prometheus',
        type: 'prometheus',
        url: 'http://prometheus:9090',
      }),
    ]);
    for (const panel of dashboard.panels) {
      expect(panel.datasource.uid, panel.title).toBe('hotpath-prometheus');
      for (const target of panel.targets)
        expect(target.datasource.uid, panel.title).toBe('hotpath-prometheus');
    }
  });

  it('loads the dashboards from the directory compose mounts', () => {
    const providers = z
      .object({
        providers: z.array(z.object({ type: z.literal('file'), options: z.object({ path: z.string() }) })),
      })
      .parse(parse(readRepoFile('docker/grafana/provisioning/dashboards/hotpath.yml'))).providers;
    const mounted = (service('grafana').volumes ?? []).map(String);
    for (const provider of providers) {
      expect(mounted).toContain(`./grafana/dashboards:${provider.options.path}:ro`);
    }
    expect(mounted).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
  });

  it('queries only metrics that exist: exported by the application or recorded by the rules', () => {
    const known = new Set([...exported, ...recorded]);
    expect(dashboardQueries.length).toBeGreaterThan(0);
    for (const { panel, expr } of dashboardQueries) expect(unknownMetrics(expr, known), panel).toEqual([]);
  });

  it('shows request rate, p99, errors per area, and queue depth and lag', () => {
    const reads = (pattern: RegExp): boolean => dashboardQueries.some(({ expr }) => pattern.test(expr));
    expect(reads(/^sum by \(area\) \(area_status:hotpath_http_requests:rate1m\)$/)).toBe(true);
    expect(reads(/histogram_quantile\(0\.99, sum by \(area, le\)/)).toBe(true);
    expect(
      reads(/sum by \(area\) \(area_status:hotpath_http_requests:rate1m\{status_code=~"5\.\."\}\)/),
    ).toBe(true);
    expect(reads(/hotpath_queue_jobs\{state=~"waiting/)).toBe(true);
    expect(reads(/hotpath_queue_oldest_waiting_seconds/)).toBe(true);
  });

  it('would catch a query naming a metric nobody exports', () => {
    const known = new Set([...exported, ...recorded]);
    expect(unknownMetrics('sum(rate(http_requests_total[$__rate_interval]))', known)).toEqual([
      'http_requests_total',
    ]);
    expect(promqlNames('sum(rate(x[1m])').problems).not.toEqual([]);
  });
});
