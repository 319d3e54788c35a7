import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import cluster from 'node:cluster';
import { AppConfig } from './config/app-config';
import type { Env } from './config/env.schema';
import { ConfigError, loadEnv } from './config/load-env';
import { runApiCluster } from './core/cluster/api-cluster';
import { createHttpApp } from './core/http/create-http-app';
import { createJsonLogger } from './core/logging/json-logger';
import {
  answerClusterMetricRequests,
  collectProcessMetrics,
  ownMetrics,
  serveMetrics,
} from './core/metrics/metrics-server';

/** API_PROCESSES > 1: this process only runs the cluster primary; its children run `serveApi`. */
function main(): Promise<void> {
  const env = loadEnv();
  if (cluster.isPrimary && env.API_PROCESSES > 1) {
    runApiCluster(env, createJsonLogger(env.LOG_LEVEL));
    return Promise.resolve();
  }
  return serveApi(env);
}

async function serveApi(env: Env): Promise<void> {
  if (cluster.isWorker) answerClusterMetricRequests();
  collectProcessMetrics();
  const logger = createJsonLogger(env.LOG_LEVEL);
  const app = await createHttpApp({ logger });
  const config = app.get(AppConfig);
  await app.listen({ port: config.get('PORT'), host: config.get('HOST') });
  Logger.log(
    `API listening on http://${config.get('HOST')}:${config.get('PORT')} (docs at /docs)`,
    'Bootstrap',
  );
  if (!cluster.isWorker) serveMetrics(config.get('METRICS_PORT'), config.get('HOST'), ownMetrics, logger);

  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // A cluster child may hear both a terminal's Ctrl-C and the primary's SIGTERM: shut down once.
      if (stopping) return;
      stopping = true;
      // A shutdown that hangs (a stuck connection) is cut off instead of living forever.
      setTimeout(() => process.exit(1), config.get('SHUTDOWN_TIMEOUT_MS')).unref();
      Logger.log(`${signal}: finishing requests in flight`, 'Shutdown');
      void shutDown(app);
    });
  }
}

/**
 * Stop taking requests and finish those in flight first; only then run the modules' shutdown hooks, which
 * flush pending batches and close queues, Redis and the database pool that those requests still needed.
 */
async function shutDown(app: NestFastifyApplication): Promise<void> {
  try {
    await app.getHttpAdapter().getInstance().close();
    await app.close();
    process.exit(0);
  } catch (error) {
    Logger.error(`shutdown failed: ${String(error)}`, 'Shutdown');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
