import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Page, Payment, Subscriber } from '@hotpath/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../src/core/database/migrate';
import { ReplicaReads } from '../../src/core/database/replica-reads';
import { PrivateRedis } from '../support/private-servers';
import { eventually, startApi } from '../support/test-app';
import { ReplicatedMariadb } from './support/replicated-mariadb';

const DATABASE = 'hotpath_replicas';
/** Reads may lag the primary by this much before the API stops using the replica. */
const MAX_LAG_SECONDS = 2;
/** A row that exists on the replica alone: a list that shows it was read there. */
const REPLICA_ONLY = { id: 900_001, email: 'only.on.replica@example.com' };

let servers: ReplicatedMariadb;
let redis: PrivateRedis;
let api: NestFastifyApplication;

async function subscriberEmails(): Promise<string[]> {
  const response = await api.inject({ method: 'GET', url: '/subscribers?limit=100' });
  expect(response.statusCode).toBe(200);
  return response.json<Page<Subscriber>>().data.map((subscriber) => subscriber.email);
}

async function createSubscriber(email: string): Promise<void> {
  const response = await api.inject({
    method: 'POST',
    url: '/subscribers',
    payload: { email, name: 'Rita', lastName: 'Replica' },
  });
  expect(response.statusCode).toBe(201);
}

async function onPrimary(sql: string, parameters: unknown[] = []): Promise<unknown[]> {
  return servers.onPrimary(
    async (connection) => (await connection.query(sql, parameters))[0] as unknown[],
    DATABASE,
  );
}

beforeAll(async () => {
  [servers, redis] = await Promise.all([
    ReplicatedMariadb.start(),
    PrivateRedis.start({ appendonly: false }),
  ]);
  // Migrated on the primary only: the replica gets the schema through replication.
  await migrateDatabase(servers.primary.url(DATABASE));
  await servers.caughtUp();
  await servers.onReplica(async (connection) => {
    await connection.query(
      "INSERT INTO subscribers (id, email, name, last_name, status, created_at, updated_at) VALUES (?, ?, 'Only', 'Replica', 'active', NOW(3), NOW(3))",
      [REPLICA_ONLY.id, REPLICA_ONLY.email],
    );
    await connection.query(
      "INSERT INTO payments (id, amount_cents, currency, created_at) VALUES (?, 4200, 'EUR', NOW(3))",
      [REPLICA_ONLY.id],
    );
  }, DATABASE);
  api = await startApi({
    DATABASE_URL: servers.primary.url(DATABASE),
    DATABASE_REPLICA_URLS: servers.replica.url(DATABASE),
    DATABASE_REPLICA_MAX_LAG_SECONDS: String(MAX_LAG_SECONDS),
    REDIS_URL: redis.url(),
  });
  await eventually(async () => expect(api.get(ReplicaReads).replicasInUse).toBe(true), 15_000);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await Promise.allSettled([servers?.destroy(), redis?.destroy()]);
});

describe('with a MariaDB primary and a replica', () => {
  it('reads lists from the replica, while writes and reads of one record stay on the primary', async () => {
    expect(await subscriberEmails()).toContain(REPLICA_ONLY.email);
    const payments = await api.inject({ method: 'GET', url: '/payments?limit=10' });
    expect(payments.json<Page<Payment>>().data.map((payment) => payment.id)).toContain(REPLICA_ONLY.id);

    // The point read is the read-your-write path: the primary, which has no such row.
    const pointRead = await api.inject({ method: 'GET', url: `/subscribers/${REPLICA_ONLY.email}` });
    expect(pointRead.statusCode).toBe(404);

    await createSubscriber('written.on.primary@example.com');
    expect(
      await onPrimary('SELECT id FROM subscribers WHERE email = ?', ['written.on.primary@example.com']),
    ).toHaveLength(1);
    const readBack = await api.inject({ method: 'GET', url: '/subscribers/written.on.primary@example.com' });
    expect(readBack.statusCode).toBe(200);
  });

  it('stops reading from a replica that stopped replicating, within the lag bound, and resumes once it caught up', async () => {
    await servers.stopReplication();
    await createSubscriber('while.stopped@example.com');
    const elapsed = await eventually(
      async () => {
        const emails = await subscriberEmails();
        expect(emails).toContain('while.stopped@example.com');
        expect(emails).not.toContain(REPLICA_ONLY.email);
      },
      10_000,
      100,
    );
    // One lag check (each second) notices it; the list was never staler than that.
    expect(elapsed).toBeLessThan((MAX_LAG_SECONDS + 2) * 1000);
    expect(api.get(ReplicaReads).replicasInUse).toBe(false);

    await servers.startReplication();
    await servers.caughtUp();
    await eventually(
      async () => {
        const emails = await subscriberEmails();
        expect(emails).toContain(REPLICA_ONLY.email);
        expect(emails).toContain('while.stopped@example.com');
      },
      10_000,
      100,
    );
  });

  it('keeps answering lists from the primary when the replica server dies', async () => {
    expect(api.get(ReplicaReads).replicasInUse).toBe(true);
    await servers.replica.kill();
    const started = Date.now();
    const emails = await subscriberEmails();
    // The read that met the dead replica was answered by the primary at once.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(emails).toContain('while.stopped@example.com');
    expect(emails).not.toContain(REPLICA_ONLY.email);
    for (let attempt = 0; attempt < 5; attempt++)
      expect(await subscriberEmails()).not.toContain(REPLICA_ONLY.email);
    await eventually(async () => expect(api.get(ReplicaReads).replicasInUse).toBe(false), 5000);
  });
});
