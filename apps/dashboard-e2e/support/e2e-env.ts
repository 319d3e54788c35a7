import { resolve } from 'node:path';

/** Everything the browser tests run against: their own database, Redis DB and ports, never a developer's. */
export const WORKSPACE_ROOT = resolve(__dirname, '../../..');

export const API_PORT = 3100;
export const API_URL = `http://127.0.0.1:${API_PORT}`;
export const DASHBOARD_PORT = 5174;
export const DASHBOARD_URL = `http://127.0.0.1:${DASHBOARD_PORT}`;

export const DATABASE_URL = 'mysql://root@127.0.0.1:3306/hotpath_e2e';
export const REDIS_URL = 'redis://127.0.0.1:6379/13';
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

/** Environment of the API and the worker. */
export const API_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: String(API_PORT),
  DATABASE_URL,
  REDIS_URL,
  ADMIN_TOKEN,
  EMAIL_DOMAIN_CHECK: 'off',
  LOG_LEVEL: 'warn',
  CORS_ORIGINS: DASHBOARD_URL,
  // The browser tests click quickly from one address; limits are covered by the API's integration tests.
  RATE_LIMIT_PER_MINUTE: '0',
};
