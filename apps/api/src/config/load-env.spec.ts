import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv, parseDatabaseUrl } from './load-env';

const NO_FILE = '/nonexistent/.env';
const minimal = { ADMIN_TOKEN: 'a-long-enough-admin-token' };

describe('loadEnv', () => {
  it('fills the documented defaults', () => {
    const env = loadEnv(minimal, NO_FILE);
    expect(env.PORT).toBeTypeOf('number');
    expect(env.EMAIL_DOMAIN_CHECK).toMatch(/^(on|off)$/);
  });

  it('names every variable at fault', () => {
    const run = () =>
      loadEnv(
        { ADMIN_TOKEN: 'short', PORT: 'eighty', REDIS_URL: 'http://x', EMAIL_DOMAIN_CHECK: 'maybe' },
        NO_FILE,
      );
    expect(run).toThrow(ConfigError);
    try {
      run();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['ADMIN_TOKEN', 'PORT', 'REDIS_URL', 'EMAIL_DOMAIN_CHECK'])
        expect(message).toContain(name);
    }
  });

  it('splits DNS_SERVERS into a list', () => {
    expect(loadEnv({ ...minimal, DNS_SERVERS: '127.0.0.1:5353, 10.0.0.2' }, NO_FILE).DNS_SERVERS).toEqual([
      '127.0.0.1:5353',
      '10.0.0.2',
    ]);
  });
});

describe('parseDatabaseUrl', () => {
  it('reads host, port, credentials and database', () => {
    expect(parseDatabaseUrl('mysql://app:p%40ss@db.local:3307/hotpath')).toEqual({
      host: 'db.local',
      port: 3307,
      user: 'app',
      password: 'p@ss',
      database: 'hotpath',
    });
  });

  it('refuses a database name that is not a plain identifier', () => {
    expect(() => parseDatabaseUrl('mysql://root@localhost/bad-name;')).toThrow();
  });
});
