import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import { DASHBOARD_PORT, DASHBOARD_URL, API_URL, WORKSPACE_ROOT } from './support/e2e-env';

const CI = Boolean(process.env['CI']);
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  workers: CI ? 1 : undefined,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: './playwright-report' }],
    // `npm test` reads the counts from here when it sets PLAYWRIGHT_JSON_OUTPUT_NAME.
    ...(process.env['PLAYWRIGHT_JSON_OUTPUT_NAME'] ? [['json'] as ['json']] : []),
  ],
  globalSetup: './support/global-setup.ts',
  globalTeardown: './support/global-teardown.ts',
  use: {
    baseURL: DASHBOARD_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          ...(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM } : {}),
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
        },
      },
    },
  ],
  // The built dashboard, proxying /api to the e2e API that global setup starts; a port apart from `nx serve dashboard`.
  webServer: [
    {
      command: `node node_modules/vite/bin/vite.js preview --config apps/dashboard/vite.config.mts --host 127.0.0.1`,
      cwd: WORKSPACE_ROOT,
      url: DASHBOARD_URL,
      env: { DASHBOARD_PORT: String(DASHBOARD_PORT), API_URL },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
