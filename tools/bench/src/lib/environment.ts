import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CpuRoots } from './cpu-usage';
import { BenchDatabase, BENCH_DATABASE_URL, loadDatabaseLifecycle } from './database';
import { ApiClient } from './http';
import { CleanupStack, freePort, ServiceProcess } from './processes';
import { BENCH_REDIS_URL, flushRedisDatabase } from './redis';

const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const READY_TIMEOUT_MS = 60_000;
/** The worker has no HTTP side; it counts as started once it has stayed up this long. */
const WORKER_SETTLE_MS = 2_000;

export interface EnvironmentOptions {
  repoRoot: string;
  needsWorker: boolean;
  /** Extra node flags for the one-process API, e.g. --cpu-prof. */
  apiNodeArgs: string[];
  /** API_PROCESSES of the second API; 1 starts only the first (unless `variantEnv` asks for a B side). */
  processes: number;
  /** A/B: the second API runs one process with these variables added, instead of more processes. */
  variantEnv: Record<string, string>;
  log: (line: string) => void;
}

/**
 * Everything one bench invocation runs against: the raw baseline server, the hotpath_bench database,
 * Redis DB 14, the built API and (when asked) the worker. `stop()` undoes all of it, once.
 */
export class BenchEnvironment {
  private readonly cleanup = new CleanupStack();
  private api: ApiClient | undefined;
  private readonly apiUrls: Array<{ url: string; processes: number; label: string }> = [];
  private db: BenchDatabase | undefined;
  private baselinePort: number | undefined;
  private readonly services: ServiceProcess[] = [];

  constructor(private readonly options: EnvironmentOptions) {}

  get apiClient(): ApiClient {
    if (this.api === undefined) throw new Error('the environment is not started');
    return this.api;
  }

  /** The APIs under load: API_PROCESSES=1 first, then (when asked for) the one with more processes. */
  /** The API and worker processes started here (their cluster children are found through them). */
  get cpuRoots(): CpuRoots {
    const pids = (role: 'api' | 'worker'): number[] =>
      this.services.flatMap((service) =>
        service.name.startsWith(role) && service.pid !== undefined ? [service.pid] : [],
      );
    return { api: pids('api'), worker: pids('worker') };
  }

  get apis(): ReadonlyArray<{ url: string; processes: number; label: string }> {
    if (this.apiUrls.length === 0) throw new Error('the environment is not started');
    return this.apiUrls;
  }

  get database(): BenchDatabase {
    if (this.db === undefined) throw new Error('the environment is not started');
    return this.db;
  }

  get baselineUrl(): string {
    if (this.baselinePort === undefined) throw new Error('the environment is not started');
    return `http://127.0.0.1:${this.baselinePort}`;
  }

  /** A service that died since the start, described; undefined while all are up. */
  deadService(): string | undefined {
    const dead = this.services.find((service) => !service.running);
    return dead === undefined
      ? undefined
      : `${dead.name} exited (${dead.exitDescription}):\n${dead.recentOutput()}`;
  }

  async start(): Promise<void> {
    const { repoRoot, log } = this.options;
    const dist = join(repoRoot, 'apps/api/dist');
    const mainJs = entryPoint(repoRoot, 'api');
    const workerJs = entryPoint(repoRoot, 'worker');
    for (const file of [mainJs, workerJs, join(dist, 'core/database/migrate.js')]) {
      if (!existsSync(file)) throw new Error(`${file} is missing: run npx nx run api:build`);
    }
    const echo = (line: string): void => log(line);

    const baseline = await ServiceProcess.forkListening(
      'baseline',
      join(__dirname, '..', 'baseline-server.js'),
      {
        env: { PORT: '0' },
        echo,
        timeoutMs: 10_000,
      },
    );
    this.track(baseline.process);
    this.baselinePort = baseline.port;
    log(`baseline: raw node:http on 127.0.0.1:${baseline.port} (pid ${baseline.process.pid ?? '?'})`);

    const lifecycle = loadDatabaseLifecycle(join(dist, 'core/database/migrate.js'));
    await lifecycle.dropDatabase(BENCH_DATABASE_URL);
    const databaseName = new URL(BENCH_DATABASE_URL).pathname.slice(1);
    this.cleanup.add(`dropped ${databaseName}`, () => lifecycle.dropDatabase(BENCH_DATABASE_URL));
    const migrations = await lifecycle.migrateDatabase(BENCH_DATABASE_URL);
    log(
      `database: ${new URL(BENCH_DATABASE_URL).pathname.slice(1)} created, ${migrations.length} migrations run`,
    );
    await flushRedisDatabase(BENCH_REDIS_URL);
    this.cleanup.add('flushed the bench Redis DB', () => flushRedisDatabase(BENCH_REDIS_URL));
    log(`redis: ${BENCH_REDIS_URL} flushed`);
    const db = BenchDatabase.open(BENCH_DATABASE_URL);
    this.cleanup.add('closed the bench MySQL pool', () => db.close());
    this.db = db;

    const env = {
      WORKER_METRICS_PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: BENCH_DATABASE_URL,
      REDIS_URL: BENCH_REDIS_URL,
      ADMIN_TOKEN,
      EMAIL_DOMAIN_CHECK: 'off',
      LOG_LEVEL: 'error',
      NODE_ENV: 'production',
      // One load generator is one client: limits off unless a run asks to measure them (BENCH_RATE_LIMIT_PER_MINUTE).
      RATE_LIMIT_PER_MINUTE: process.env['BENCH_RATE_LIMIT_PER_MINUTE'] ?? '0',
      // The scenarios read queue depths and cache counters from /system/*.
      SYSTEM_ROUTES_ADMIN_ONLY: 'off',
      // Readiness would refuse a Redis without AOF in production; point HOTPATH_BENCH_REDIS_URL at an AOF Redis
      // to measure durable writes (docs/performance.md), the shared development Redis may be volatile.
      REQUIRE_DURABLE_REDIS: process.env['BENCH_REQUIRE_DURABLE_REDIS'] ?? 'off',
    };
    const variant = Object.keys(this.options.variantEnv).length > 0;
    const counts = variant ? [1, 1] : this.options.processes > 1 ? [1, this.options.processes] : [1];
    for (const [position, processes] of counts.entries()) {
      const port = await freePort();
      const metricsPort = await freePort();
      const isVariant = variant && position === 1;
      const name = isVariant ? 'api-b' : processes === 1 ? 'api' : `api×${processes}`;
      const api = ServiceProcess.node(name, mainJs, {
        cwd: repoRoot,
        env: {
          ...env,
          PORT: String(port),
          METRICS_PORT: String(metricsPort),
          API_PROCESSES: String(processes),
          ...(isVariant ? this.options.variantEnv : {}),
        },
        nodeArgs: position === 0 ? this.options.apiNodeArgs : [],
        echo,
      });
      this.track(api);
      const client = new ApiClient(`http://127.0.0.1:${port}`, `http://127.0.0.1:${metricsPort}/metrics`);
      const extra = isVariant
        ? Object.entries(this.options.variantEnv)
            .map(([key, value]) => ` ${key}=${value}`)
            .join('')
        : '';
      log(`${name}: starting ${mainJs} with API_PROCESSES=${processes}${extra} on 127.0.0.1:${port}`);
      await client
        .waitUntilReady(READY_TIMEOUT_MS, () => api.running)
        .catch((error: unknown) => {
          throw new Error(`${error instanceof Error ? error.message : String(error)}\n${api.recentOutput()}`);
        });
      log(`${name}: ready`);
      this.api ??= client;
      this.apiUrls.push({ url: client.baseUrl, processes, label: name });
    }

    if (this.options.needsWorker) {
      const worker = ServiceProcess.node('worker', workerJs, { cwd: repoRoot, env, echo });
      this.track(worker);
      await new Promise((resolve) => setTimeout(resolve, WORKER_SETTLE_MS));
      if (!worker.running)
        throw new Error(`the worker exited (${worker.exitDescription}):\n${worker.recentOutput()}`);
      log(`worker: running (pid ${worker.pid ?? '?'})`);
    }
  }

  /** Stops every process, drops the database and flushes Redis; true when all of it worked. */
  async stop(): Promise<boolean> {
    return this.cleanup.runAll(this.options.log);
  }

  private track(service: ServiceProcess): void {
    this.services.push(service);
    this.cleanup.add(`stopped ${service.name}`, () => service.stop());
  }
}

/** A built entry point of the API project, by its name in apps/api/entry-points.json (the one list of them). */
function entryPoint(repoRoot: string, name: 'api' | 'worker'): string {
  const entryPoints = JSON.parse(
    readFileSync(join(repoRoot, 'apps/api/entry-points.json'), 'utf8'),
  ) as Record<'api' | 'worker', string>;
  return join(repoRoot, entryPoints[name]);
}
