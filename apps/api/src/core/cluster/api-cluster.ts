import type { LoggerService } from '@nestjs/common';
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Env } from '../../config/env.schema';
import { serveMetrics } from '../metrics/metrics-server';

/** A child that dies sooner than this after starting counts as crashing, and is restarted with a growing delay. */
const CRASH_WINDOW_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The cluster primary: forks `API_PROCESSES` copies of this entry point (which then serve HTTP on the shared
 * port), replaces one that dies, serves every process's metrics summed on METRICS_PORT, and on SIGTERM/SIGINT
 * passes the signal on and exits once they have finished (or SHUTDOWN_TIMEOUT_MS passed).
 */
export function runApiCluster(env: Env, logger: LoggerService): void {
  const metrics = new AggregatorRegistry();
  const startedAt = new Map<Worker, number>();
  let crashes = 0;
  let stopping = false;
  let exitCode = 0;

  const fork = (): void => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    worker.once('listening', () => {
      logger.log(`API process ${worker.process.pid} listening`, 'Cluster');
    });
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    const how = signal ?? `code ${code}`;
    if (stopping) {
      if (code !== 0) exitCode = 1;
      if (startedAt.size === 0) {
        logger.log('every API process has finished', 'Cluster');
        process.exit(exitCode);
      }
      return;
    }
    crashes = lived < CRASH_WINDOW_MS ? crashes + 1 : 0;
    const delay = crashes === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 500 * 2 ** (crashes - 1));
    logger.error(
      `API process ${worker.process.pid} exited (${how}); starting another in ${delay} ms`,
      'Cluster',
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.log(`${signal}: stopping ${startedAt.size} API processes`, 'Cluster');
      // The same signal: SIGTERM drains first (readiness 503), a terminal's SIGINT does not.
      for (const worker of startedAt.keys()) worker.process.kill(signal);
      if (startedAt.size === 0) process.exit(0);
      // Each process drains, then cuts its own shutdown off after SHUTDOWN_TIMEOUT_MS; this is the last resort.
      setTimeout(
        () => {
          for (const worker of startedAt.keys()) worker.process.kill('SIGKILL');
          process.exit(1);
        },
        env.SHUTDOWN_DRAIN_DELAY_MS + env.SHUTDOWN_TIMEOUT_MS + 2000,
      ).unref();
    });
  }

  serveMetrics(
    env.METRICS_PORT,
    env.HOST,
    { contentType: metrics.contentType, metrics: () => metrics.clusterMetrics() },
    logger,
  );
  logger.log(`starting ${env.API_PROCESSES} API processes`, 'Cluster');
  for (let index = 0; index < env.API_PROCESSES; index++) fork();
}
