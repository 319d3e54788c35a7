import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { envSchema } from './env.schema';

/** Redis database numbers the test tiers use on the app's Redis host, apart from the app's own. */
export const INTEGRATION_REDIS_DB = 12;
export const E2E_REDIS_DB = 13;

const port = z.coerce.number().int().min(1).max(65535);
const mysqlUrl = z.url({ protocol: /^mysql$/, error: 'must be a mysql:// URL' });
const redisUrl = z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' });

/**
 * What the test tiers read: the app's own DATABASE_URL and REDIS_URL (and their defaults), plus overrides
 * that point a tier somewhere else entirely. Not part of the API's schema: the API never reads them.
 */
const targetsSchema = z.object({
  DATABASE_URL: envSchema.shape.DATABASE_URL,
  REDIS_URL: envSchema.shape.REDIS_URL,
  HOTPATH_TEST_DATABASE_URL: mysqlUrl.optional(),
  HOTPATH_TEST_REDIS_URL: redisUrl.optional(),
  HOTPATH_E2E_DATABASE_URL: mysqlUrl.optional(),
  HOTPATH_E2E_REDIS_URL: redisUrl.optional(),
  HOTPATH_E2E_API_PORT: port.default(3100),
  HOTPATH_E2E_DASHBOARD_PORT: port.default(5174),
});

export interface TestTargets {
  integration: { databaseUrl: string; redisUrl: string };
  e2e: { databaseUrl: string; redisUrl: string; apiPort: number; dashboardPort: number };
}

/** `.env` (when there is one) under the environment, as the API reads them, without touching process.env. */
export function settingsSource(
  envFile: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...fromFile, ...env })) {
    if (typeof value === 'string' && value !== '') merged[key] = value;
  }
  return merged;
}

/** The app's database URL with another database name (same server, same login, same options). */
export function withDatabaseName(databaseUrl: string, suffix: string): string {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'hotpath';
  url.pathname = `/${name}_${suffix}`;
  return url.href;
}

/** The app's Redis URL with another database number (same server, same login). */
export function withRedisDb(redisUrlValue: string, db: number): string {
  const url = new URL(redisUrlValue);
  url.pathname = `/${db}`;
  return url.href;
}

/**
 * Where each test tier keeps its data: by default the app's own MySQL and Redis servers, with a database
 * `<name>_test` / `<name>_e2e` and Redis DB 12 / 13; each part can be overridden (see docs/getting-started.md).
 */
export function testTargets(source: Record<string, string | undefined>): TestTargets {
  const parsed = targetsSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid test settings:\n  ${problems.join('\n  ')}`);
  }
  const s = parsed.data;
  return {
    integration: {
      databaseUrl: s.HOTPATH_TEST_DATABASE_URL ?? withDatabaseName(s.DATABASE_URL, 'test'),
      redisUrl: s.HOTPATH_TEST_REDIS_URL ?? withRedisDb(s.REDIS_URL, INTEGRATION_REDIS_DB),
    },
    e2e: {
      databaseUrl: s.HOTPATH_E2E_DATABASE_URL ?? withDatabaseName(s.DATABASE_URL, 'e2e'),
      redisUrl: s.HOTPATH_E2E_REDIS_URL ?? withRedisDb(s.REDIS_URL, E2E_REDIS_DB),
      apiPort: s.HOTPATH_E2E_API_PORT,
      dashboardPort: s.HOTPATH_E2E_DASHBOARD_PORT,
    },
  };
}
