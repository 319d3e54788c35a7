import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadEnv } from './config/load-env';
import { createJsonLogger } from './core/logging/json-logger';
import { collectProcessMetrics, ownMetrics, serveMetrics } from './core/metrics/metrics-server';
import { WorkerModule } from './worker.module';

/** The queue worker: every Bull processor, no HTTP. Run as many as you like; jobs are idempotent. */
async function bootstrap(): Promise<void> {
  const env = loadEnv();
  collectProcessMetrics();
  const logger = createJsonLogger(env.LOG_LEVEL);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(), { logger });
  app.enableShutdownHooks();
  Logger.log('Worker started', 'Bootstrap');
  serveMetrics(env.WORKER_METRICS_PORT, env.HOST, ownMetrics, logger);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), env.SHUTDOWN_TIMEOUT_MS).unref());
  }
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
