/** The integration tier's own database and Redis DB; never the ones a developer uses by hand. */
export const TEST_ENV = {
  NODE_ENV: 'test',
  // Overridable so that several people (or agents) can run integration tests at once without sharing state.
  DATABASE_URL: process.env['HOTPATH_TEST_DATABASE_URL'] ?? 'mysql://root@127.0.0.1:3306/hotpath_test',
  REDIS_URL: process.env['HOTPATH_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379/12',
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
