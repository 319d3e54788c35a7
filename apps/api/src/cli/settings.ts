import { ConfigError, loadEnv } from '../config/load-env';
import { settingsSource, testTargets } from '../config/test-targets';

/**
 * `node apps/api/run.mjs settings [--json]`: the settings the API would boot with (`.env` under the
 * environment, validated and defaulted by the API's own loader), plus where the test tiers keep their data.
 * bootstrap.sh reads the KEY=value lines; the browser tests read --json. Never prints ADMIN_TOKEN.
 */
function settings(): Record<string, string | number> {
  const env = loadEnv();
  const db = new URL(env.DATABASE_URL);
  const redis = new URL(env.REDIS_URL);
  // loadEnv has put .env into process.env (the environment winning), so the test settings see both.
  const tests = testTargets(settingsSource('/nonexistent/.env'));
  return {
    NODE_ENV: env.NODE_ENV,
    HOST: env.HOST,
    PORT: env.PORT,
    DASHBOARD_PORT: env.DASHBOARD_PORT,
    DATABASE_URL: env.DATABASE_URL,
    DB_HOST: db.hostname.replace(/^\[|\]$/g, ''),
    DB_PORT: db.port || '3306',
    DB_USER: decodeURIComponent(db.username) || 'root',
    DB_PASSWORD: decodeURIComponent(db.password),
    DB_NAME: decodeURIComponent(db.pathname.replace(/^\//, '')),
    REDIS_URL: env.REDIS_URL,
    REDIS_HOST: redis.hostname.replace(/^\[|\]$/g, ''),
    REDIS_PORT: redis.port || '6379',
    REDIS_PASSWORD: decodeURIComponent(redis.password),
    TEST_DATABASE_URL: tests.integration.databaseUrl,
    TEST_REDIS_URL: tests.integration.redisUrl,
    E2E_DATABASE_URL: tests.e2e.databaseUrl,
    E2E_REDIS_URL: tests.e2e.redisUrl,
    E2E_API_PORT: tests.e2e.apiPort,
    E2E_DASHBOARD_PORT: tests.e2e.dashboardPort,
  };
}

try {
  const values = settings();
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify(values)}\n`);
  else for (const [key, value] of Object.entries(values)) process.stdout.write(`${key}=${String(value)}\n`);
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
}
