import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppCache } from '../../src/core/cache/app-cache';
import { createHttpApp } from '../../src/core/http/create-http-app';
import type { ConfigOverrides } from '../../src/core/platform.module';
import { WorkerModule } from '../../src/worker.module';
import { TEST_ENV } from './test-env';

/** The real HTTP app (Fastify, MySQL, Redis, Bull) on the test database. */
export async function startApi(overrides: ConfigOverrides = {}): Promise<NestFastifyApplication> {
  return createHttpApp({ overrides: { ...TEST_ENV, ...overrides } });
}

/** The real worker (every Bull processor) on the test database. */
export async function startWorker(overrides: ConfigOverrides = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({ ...TEST_ENV, ...overrides }),
    {
      logger: false,
    },
  );
  return app.init();
}

/** Empties the given tables and the test Redis DB, so each test file starts from nothing. */
export async function resetState(app: INestApplicationContext, tables: string[]): Promise<void> {
  // One connection: FOREIGN_KEY_CHECKS is per session, and the pool may hand out several.
  const runner = app.get(DataSource).createQueryRunner();
  try {
    await runner.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const table of tables) await runner.query(`TRUNCATE TABLE \`${table}\``);
    await runner.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    await runner.release();
  }
  const redis = new Redis(TEST_ENV.REDIS_URL);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
  app.get(AppCache).clearLocal();
}

/** Runs `check` until it stops throwing or `timeoutMs` passes; returns the elapsed milliseconds. */
export async function eventually(check: () => Promise<void>, timeoutMs = 5000, stepMs = 25): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - started;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, stepMs));
    }
  }
}
