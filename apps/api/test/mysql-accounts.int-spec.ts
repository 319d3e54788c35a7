import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../src/core/database/migrate';
import { createPoll, vote } from './support/polls-helpers';
import { PrivateMariadb, PrivateRedis } from './support/private-servers';
import { eventually, startApi, startWorker } from './support/test-app';
import { ADMIN } from './support/test-env';

// The accounts docker/mysql/initdb creates for compose (and deploying.md asks for in Kubernetes), on a private
// MariaDB that checks privileges: the application account must be enough for the API and the worker, and the
// migration account for the migrations, while the application account cannot change the schema.
const INITDB_SCRIPT = resolve(__dirname, '../../../docker/mysql/initdb/10-hotpath-users.sh');
const PASSWORDS = { HOTPATH_APP_PASSWORD: "app'pass\\1", HOTPATH_MIGRATE_PASSWORD: 'migrate-pass-2' };

let mariadb: PrivateMariadb;
let redis: PrivateRedis;
let root: Connection;
let api: NestFastifyApplication | undefined;
let worker: INestApplicationContext | undefined;

function accountUrl(user: string, password: string): string {
  const url = new URL(mariadb.url('hotpath'));
  url.username = user;
  url.password = encodeURIComponent(password);
  return url.toString();
}

const appUrl = (): string => accountUrl('hotpath_app', PASSWORDS.HOTPATH_APP_PASSWORD);
const migrateUrl = (): string => accountUrl('hotpath_migrate', PASSWORDS.HOTPATH_MIGRATE_PASSWORD);

/** The SQL the script hands to the mysql image's docker_process_sql, as the entrypoint would run it. */
function initdbSql(): string {
  const result = spawnSync(
    'bash',
    [
      '--norc',
      '--noprofile',
      '-c',
      `docker_process_sql() { cat; }; mysql_note() { :; }; set -e; source "${INITDB_SCRIPT}"`,
    ],
    {
      env: { PATH: process.env['PATH'] ?? '', MYSQL_DATABASE: 'hotpath', ...PASSWORDS },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (result.status !== 0) throw new Error(`${INITDB_SCRIPT} failed: ${result.stderr}`);
  return result.stdout;
}

async function count(sql: string): Promise<number> {
  const [rows] = await root.query<RowDataPacket[]>(sql);
  return Number(rows[0]?.['n']);
}

beforeAll(async () => {
  [mariadb, redis] = await Promise.all([PrivateMariadb.start(), PrivateRedis.start()]);
  root = await createConnection({ uri: mariadb.url('mysql'), multipleStatements: true });
  // The private server starts without grant tables; loading them turns privilege checks on.
  await root.query('FLUSH PRIVILEGES');
  // What the mysql image does for MYSQL_DATABASE before it runs the init scripts.
  await root.query('CREATE DATABASE hotpath CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  await root.query(initdbSql());
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await api?.close();
  await root?.end();
  await Promise.all([mariadb?.destroy(), redis?.destroy()]);
});

describe('the MySQL accounts of docker/mysql/initdb', () => {
  it('lets only the migration account apply the schema', async () => {
    await expect(migrateDatabase(appUrl())).rejects.toThrow(/denied/i);
    const ran = await migrateDatabase(migrateUrl());
    expect(ran.length).toBeGreaterThan(0);
    expect(await migrateDatabase(migrateUrl())).toEqual([]);
  });

  it('serves writes of every kind through the API and the worker as the rows-only account', async () => {
    const overrides = { DATABASE_URL: appUrl(), REDIS_URL: redis.url() };
    api = await startApi(overrides);
    worker = await startWorker(overrides);

    const created = await api.inject({
      method: 'POST',
      url: '/subscribers',
      payload: { email: 'grants@example.com', name: 'Grace', lastName: 'Rights' },
    });
    expect(created.statusCode).toBe(201);
    const patched = await api.inject({
      method: 'PATCH',
      url: '/subscribers/grants@example.com',
      headers: ADMIN,
      payload: { name: 'Granted' },
    });
    expect(patched.statusCode).toBe(200);
    expect(
      (await api.inject({ method: 'DELETE', url: '/subscribers/grants@example.com', headers: ADMIN }))
        .statusCode,
    ).toBe(204);

    const poll = await createPoll(api, {
      question: 'Enough rights?',
      options: ['yes', 'no'],
      multiple: false,
    });
    expect((await vote(api, poll.id, { optionIds: [poll.options[0]?.id] })).statusCode).toBe(202);
    const payment = await api.inject({
      method: 'POST',
      url: '/payments',
      headers: { 'idempotency-key': 'grants-check-0001' },
      payload: { amount: '12.34', currency: 'EUR' },
    });
    expect(payment.statusCode).toBe(201);
    const event = await api.inject({ method: 'PUT', url: '/events/grants.example/delivered' });
    expect(event.statusCode).toBeLessThan(300);

    // The worker applies the queued ballot and event batches with the same account.
    await eventually(async () => {
      expect(await count('SELECT COUNT(*) AS n FROM hotpath.ballots')).toBe(1);
      expect(await count("SELECT COUNT(*) AS n FROM hotpath.domains WHERE name = 'grants.example'")).toBe(1);
    }, 20_000);
    expect(await count('SELECT COUNT(*) AS n FROM hotpath.payments')).toBe(1);
    expect(
      await count("SELECT COUNT(*) AS n FROM hotpath.subscribers WHERE email = 'grants@example.com'"),
    ).toBe(0);
  }, 60_000);

  it('keeps the application account away from the schema and other databases', async () => {
    const app = await createConnection({ uri: appUrl() });
    try {
      await expect(app.query('CREATE TABLE hotpath.intruder (id INT)')).rejects.toThrow(/denied/i);
      await expect(app.query('DROP TABLE hotpath.payments')).rejects.toThrow(/denied/i);
      await expect(app.query('ALTER TABLE hotpath.payments ADD COLUMN x INT')).rejects.toThrow(/denied/i);
      await expect(app.query('SELECT COUNT(*) FROM mysql.user')).rejects.toThrow(/denied/i);
    } finally {
      await app.end();
    }
  });
});
