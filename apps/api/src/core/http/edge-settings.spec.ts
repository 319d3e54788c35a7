import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../config/load-env';
import { docsExposed, rateLimits, routeGroup, systemRoutesAdminOnly } from './edge-settings';

const env = (overrides: Record<string, string>) =>
  loadEnv({ ADMIN_TOKEN: 'a-token-of-sixteen-chars', ...overrides }, '/nonexistent/.env');

describe('production defaults', () => {
  it('exposes /docs and leaves /system/* open outside production only', () => {
    expect(docsExposed(env({ NODE_ENV: 'development' }))).toBe(true);
    expect(systemRoutesAdminOnly(env({ NODE_ENV: 'development' }))).toBe(false);
    expect(docsExposed(env({ NODE_ENV: 'production' }))).toBe(false);
    expect(systemRoutesAdminOnly(env({ NODE_ENV: 'production' }))).toBe(true);
  });

  it('lets EXPOSE_DOCS and SYSTEM_ROUTES_ADMIN_ONLY decide when set; empty means the default', () => {
    expect(docsExposed(env({ NODE_ENV: 'production', EXPOSE_DOCS: 'on' }))).toBe(true);
    expect(docsExposed(env({ NODE_ENV: 'production', EXPOSE_DOCS: '' }))).toBe(false);
    expect(systemRoutesAdminOnly(env({ NODE_ENV: 'test', SYSTEM_ROUTES_ADMIN_ONLY: 'on' }))).toBe(true);
    expect(() => env({ EXPOSE_DOCS: 'yes' })).toThrow(/EXPOSE_DOCS/);
  });
});

describe('rate limits', () => {
  it('derives reads, writes and admin from RATE_LIMIT_PER_MINUTE, each overridable', () => {
    expect(rateLimits(env({}))).toEqual({ writes: 1200, reads: 2400, admin: 120 });
    expect(rateLimits(env({ RATE_LIMIT_PER_MINUTE: '50' }))).toEqual({ writes: 50, reads: 100, admin: 10 });
    expect(
      rateLimits(
        env({
          RATE_LIMIT_PER_MINUTE: '50',
          RATE_LIMIT_READS_PER_MINUTE: '0',
          RATE_LIMIT_ADMIN_PER_MINUTE: '7',
        }),
      ),
    ).toEqual({ writes: 50, reads: 0, admin: 7 });
  });

  it('is off altogether at RATE_LIMIT_PER_MINUTE=0 and refuses a negative value', () => {
    expect(rateLimits(env({ RATE_LIMIT_PER_MINUTE: '0' }))).toBeNull();
    expect(() => env({ RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
  });

  it('groups requests: admin and operator paths, then reads and writes by method', () => {
    expect(routeGroup('GET', '/admin/queues/api/queues')).toBe('admin');
    expect(routeGroup('PUT', '/admin/queues/api/queues/x/1/retry')).toBe('admin');
    expect(routeGroup('GET', '/system/status')).toBe('admin');
    expect(routeGroup('GET', '/subscribers/:email')).toBe('reads');
    expect(routeGroup('HEAD', '/polls')).toBe('reads');
    expect(routeGroup('POST', '/polls/:id/votes')).toBe('writes');
    expect(routeGroup('DELETE', '/subscribers/:email')).toBe('writes');
  });
});
