import { resolve } from 'node:path';
import { settingsSource, testTargets } from '../../src/config/test-targets';

/**
 * Where the integration tier keeps its data: the MySQL and Redis of the app's own settings (`.env` and the
 * environment), in a database `<name>_test` and Redis DB 12, never the ones a developer uses by hand.
 * HOTPATH_TEST_DATABASE_URL / HOTPATH_TEST_REDIS_URL point it elsewhere (several people running tests at once).
 */
const { integration } = testTargets(settingsSource(resolve(__dirname, '../../../../.env')));

export const TEST_ENV = {
  NODE_ENV: 'test',
  DATABASE_URL: integration.databaseUrl,
  REDIS_URL: integration.redisUrl,
  REDIS_KEY_PREFIX: 'hotpath-test:',
  ADMIN_TOKEN: 'test-admin-token-0123456789',
  EMAIL_DOMAIN_CHECK: 'off',
  LOG_LEVEL: 'error',
  // One API process unless a test asks for a cluster; no metrics port unless a test asks (many processes start).
  API_PROCESSES: '1',
  METRICS_PORT: '0',
  WORKER_METRICS_PORT: '0',
  // Tests fire thousands of requests from one address; the rate-limit tests turn limiting on themselves.
  RATE_LIMIT_PER_MINUTE: '0',
};

export const ADMIN = { authorization: `Bearer ${TEST_ENV.ADMIN_TOKEN}` };
