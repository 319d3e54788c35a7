import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadEnv } from '../config/load-env';
import { AppModule } from '../app.module';
import { SEEDERS } from './seeders';

/** `npm run db:seed`: loads demo data for every area. Safe to run again: existing records are left alone. */
async function main(): Promise<void> {
  loadEnv();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ EMAIL_DOMAIN_CHECK: 'off' }), {
    logger: ['error', 'warn'],
  });
  try {
    for (const seeder of SEEDERS) console.log(`${seeder.area}: ${await seeder.run(app)}`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
