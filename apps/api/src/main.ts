import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigError, loadEnv } from './config/load-env';
import { createHttpApp } from './core/http/create-http-app';
import { exitGracefullyOnSignals } from './core/http/graceful-shutdown';
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
  exitGracefullyOnSignals(app);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
