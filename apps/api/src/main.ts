import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import { AppConfig } from './config/app-config';
import type { Env } from './config/env.schema';
import { ConfigError, loadEnv } from './config/load-env';
import { runApiCluster } from './core/cluster/api-cluster';
import { createHttpApp } from './core/http/create-http-app';
import { exitGracefullyOnSignals } from './core/http/graceful-shutdown';
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
  exitGracefullyOnSignals(app);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
