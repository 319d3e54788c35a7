import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from './config/app-config';
import { ConfigError, loadEnv } from './config/load-env';
import { createHttpApp } from './core/http/create-http-app';
import { createJsonLogger } from './core/logging/json-logger';

async function bootstrap(): Promise<void> {
  const env = loadEnv();
  const logger = createJsonLogger(env.LOG_LEVEL);
  const app = await createHttpApp({ logger });
  const config = app.get(AppConfig);
  await app.listen({ port: config.get('PORT'), host: config.get('HOST') });
  Logger.log(
    `API listening on http://${config.get('HOST')}:${config.get('PORT')} (docs at /docs)`,
    'Bootstrap',
  );

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
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

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
