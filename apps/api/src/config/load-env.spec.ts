import { describe, expect, it } from 'vitest';
import { requiresDurableRedis } from './env.schema';
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

  it('refuses the placeholder ADMIN_TOKEN of .env.example in production, naming the variable', () => {
    const placeholder = { ADMIN_TOKEN: 'change-me-to-a-long-random-string' };
    expect(() => loadEnv({ ...placeholder, NODE_ENV: 'production' }, NO_FILE)).toThrow(
      /ADMIN_TOKEN: is still the placeholder/,
    );
    expect(loadEnv({ ...placeholder, NODE_ENV: 'development' }, NO_FILE).ADMIN_TOKEN).toBe(
      placeholder.ADMIN_TOKEN,
    );
  });

  it('requires a durable Redis by default in production only, and reads an empty REQUIRE_DURABLE_REDIS as unset', () => {
    const production = loadEnv({ ...minimal, NODE_ENV: 'production', REQUIRE_DURABLE_REDIS: '' }, NO_FILE);
    expect(requiresDurableRedis(production)).toBe(true);
    expect(requiresDurableRedis(loadEnv({ ...minimal, NODE_ENV: 'development' }, NO_FILE))).toBe(false);
    const relaxed = loadEnv({ ...minimal, NODE_ENV: 'production', REQUIRE_DURABLE_REDIS: 'off' }, NO_FILE);
    expect(requiresDurableRedis(relaxed)).toBe(false);
    expect(() => loadEnv({ ...minimal, REQUIRE_DURABLE_REDIS: 'yes' }, NO_FILE)).toThrow(
      /REQUIRE_DURABLE_REDIS/,
    );
  });

  it('splits DNS_SERVERS into a list', () => {
    expect(loadEnv({ ...minimal, DNS_SERVERS: '127.0.0.1:5353, 10.0.0.2' }, NO_FILE).DNS_SERVERS).toEqual([
      '127.0.0.1:5353',
      '10.0.0.2',
    ]);
  });

  it('reads Redis Cluster seed nodes and read replica URLs, empty by default', () => {
    const env = loadEnv(
      {
        ...minimal,
        REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b.internal:7001',
        DATABASE_REPLICA_URLS: 'mysql://reader@db-r1:3306/hotpath,mysql://reader@db-r2:3306/hotpath',
      },
      NO_FILE,
    );
    expect(env.REDIS_CLUSTER_NODES).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b.internal', port: 7001 },
    ]);
    expect(env.DATABASE_REPLICA_URLS).toHaveLength(2);
    const plain = loadEnv({ ...minimal, REDIS_CLUSTER_NODES: '', DATABASE_REPLICA_URLS: '' }, NO_FILE);
    expect(plain.REDIS_CLUSTER_NODES).toEqual([]);
    expect(plain.DATABASE_REPLICA_URLS).toEqual([]);
  });

  it('names REDIS_CLUSTER_NODES, DATABASE_REPLICA_URLS and SHUTDOWN_DRAIN_DELAY_MS when they are wrong', () => {
    const overrides = {
      ...minimal,
      REDIS_CLUSTER_NODES: 'redis-a',
      DATABASE_REPLICA_URLS: 'postgres://db/hotpath',
      SHUTDOWN_DRAIN_DELAY_MS: '-1',
    };
    let message = '';
    try {
      loadEnv(overrides, NO_FILE);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/REDIS_CLUSTER_NODES\S*: must be a comma-separated list of host:port/);
    expect(message).toMatch(/DATABASE_REPLICA_URLS\S*: must be a comma-separated list of mysql:\/\/ URLs/);
    expect(message).toMatch(/SHUTDOWN_DRAIN_DELAY_MS: /);
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
