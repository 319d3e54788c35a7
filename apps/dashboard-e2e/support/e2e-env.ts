import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Everything the browser tests run against: the MySQL and Redis of the app's own settings (`.env` and the
 * environment), in their own database `<name>_e2e` and Redis DB 13, on ports of their own. The API's settings
 * loader computes them (`node apps/api/run.mjs settings --json`; the e2e target builds the API first), and
 * HOTPATH_E2E_DATABASE_URL, HOTPATH_E2E_REDIS_URL, HOTPATH_E2E_API_PORT, HOTPATH_E2E_DASHBOARD_PORT override them.
 */
export const WORKSPACE_ROOT = resolve(__dirname, '../../..');

interface E2eSettings {
  E2E_DATABASE_URL: string;
  E2E_REDIS_URL: string;
  E2E_API_PORT: number;
  E2E_DASHBOARD_PORT: number;
}

function settings(): E2eSettings {
  // A placeholder token lets the loader validate a machine whose .env has none; the e2e stack sets its own.
  const output = execFileSync(process.execPath, ['apps/api/run.mjs', 'settings', '--json'], {
    cwd: WORKSPACE_ROOT,
    env: { ADMIN_TOKEN: 'e2e-settings-placeholder-token', ...process.env },
    encoding: 'utf8',
  });
  return JSON.parse(output) as E2eSettings;
}

const found = settings();

export const API_PORT = found.E2E_API_PORT;
export const API_URL = `http://127.0.0.1:${API_PORT}`;
export const DASHBOARD_PORT = found.E2E_DASHBOARD_PORT;
export const DASHBOARD_URL = `http://127.0.0.1:${DASHBOARD_PORT}`;

export const DATABASE_URL = found.E2E_DATABASE_URL;
export const REDIS_URL = found.E2E_REDIS_URL;
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
  // The browser tests click quickly from one address; limits are covered by the API's integration tests.
  RATE_LIMIT_PER_MINUTE: '0',
};
