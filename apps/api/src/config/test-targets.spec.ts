import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { settingsSource, testTargets } from './test-targets';

describe('testTargets', () => {
  it("puts each tier's data beside the app's, on the same servers: <db>_test / <db>_e2e, Redis DB 12 / 13", () => {
    const targets = testTargets({
      DATABASE_URL: 'mysql://app:p%40ss@db.local:3317/shop?charset=utf8mb4',
      REDIS_URL: 'redis://:secret@cache.local:6380/4',
    });
    expect(targets.integration).toEqual({
      databaseUrl: 'mysql://app:p%40ss@db.local:3317/shop_test?charset=utf8mb4',
      redisUrl: 'redis://:secret@cache.local:6380/12',
    });
    expect(targets.e2e).toEqual({
      databaseUrl: 'mysql://app:p%40ss@db.local:3317/shop_e2e?charset=utf8mb4',
      redisUrl: 'redis://:secret@cache.local:6380/13',
      apiPort: 3100,
      dashboardPort: 5174,
    });
  });

  it("uses the API's defaults when nothing is set", () => {
    const { integration } = testTargets({});
    expect(integration).toEqual({
      databaseUrl: 'mysql://root@127.0.0.1:3306/hotpath_test',
      redisUrl: 'redis://127.0.0.1:6379/12',
    });
  });

  it('lets each part be pointed elsewhere', () => {
    const targets = testTargets({
      HOTPATH_TEST_DATABASE_URL: 'mysql://root@127.0.0.1:3306/mine',
      HOTPATH_TEST_REDIS_URL: 'redis://127.0.0.1:6379/7',
      HOTPATH_E2E_DATABASE_URL: 'mysql://root@127.0.0.1:3306/mine_e2e',
      HOTPATH_E2E_REDIS_URL: 'redis://127.0.0.1:6379/8',
      HOTPATH_E2E_API_PORT: '3300',
      HOTPATH_E2E_DASHBOARD_PORT: '3301',
    });
    expect(targets.integration.databaseUrl).toBe('mysql://root@127.0.0.1:3306/mine');
    expect(targets.integration.redisUrl).toBe('redis://127.0.0.1:6379/7');
    expect(targets.e2e).toEqual({
      databaseUrl: 'mysql://root@127.0.0.1:3306/mine_e2e',
      redisUrl: 'redis://127.0.0.1:6379/8',
      apiPort: 3300,
      dashboardPort: 3301,
    });
  });

  it('names the variable at fault', () => {
    expect(() => testTargets({ HOTPATH_TEST_REDIS_URL: 'http://x', HOTPATH_E2E_API_PORT: '0' })).toThrow(
      /HOTPATH_TEST_REDIS_URL[\s\S]*HOTPATH_E2E_API_PORT/,
    );
  });
});

describe('settingsSource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotpath-settings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads .env under the environment, without changing process.env', () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'DATABASE_URL=mysql://root@127.0.0.1:3317/shop\nREDIS_URL=redis://127.0.0.1:3318\n');
    const source = settingsSource(file, { REDIS_URL: 'redis://127.0.0.1:3319', EMPTY: '' });
    expect(source['DATABASE_URL']).toBe('mysql://root@127.0.0.1:3317/shop');
    expect(source['REDIS_URL']).toBe('redis://127.0.0.1:3319');
    expect(source).not.toHaveProperty('EMPTY');
    expect(process.env['DATABASE_URL']).not.toBe('mysql://root@127.0.0.1:3317/shop');
    expect(settingsSource(join(dir, 'missing.env'), {})).toEqual({});
  });
});
