import { Redis } from 'ioredis';
import { dropDatabase, migrateDatabase } from '../../src/core/database/migrate';
import { TEST_ENV } from './test-env';

/** Fresh, migrated test database and an empty Redis DB before the run; both removed after it. */
export async function setup(): Promise<void> {
  await dropDatabase(TEST_ENV.DATABASE_URL);
  await migrateDatabase(TEST_ENV.DATABASE_URL);
  await flushRedis();
}

export async function teardown(): Promise<void> {
  await dropDatabase(TEST_ENV.DATABASE_URL);
  await flushRedis();
}

async function flushRedis(): Promise<void> {
  const redis = new Redis(TEST_ENV.REDIS_URL);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
