import 'reflect-metadata';
import { Logger } from '@nestjs/common';
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
  Logger.log(`API listening on http://${config.get('HOST')}:${config.get('PORT')} (docs at /docs)`, 'Bootstrap');
  forceExitAfter(config.get('SHUTDOWN_TIMEOUT_MS'));
}

/** A shutdown that hangs (a stuck connection) is cut off after the timeout instead of living forever. */
function forceExitAfter(timeoutMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), timeoutMs).unref());
  }
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
