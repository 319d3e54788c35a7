import { getQueueToken } from '@nestjs/bull';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QueueName } from '../src/core/queue/queue-names';
import { MAINTENANCE_EVERY_MS } from '../src/modules/payments/payments-maintenance.processor';
import { eventually, resetState, startApi, startWorker } from './support/test-app';
import { pay, PAYMENT_TABLES, scalar } from './support/payments-helpers';

let api: NestFastifyApplication;
let workers: INestApplicationContext[] = [];

const HOUR_MS = 3_600_000;

beforeAll(async () => {
  api = await startApi();
});

afterAll(async () => {
  await api.close();
});

beforeEach(async () => {
  await resetState(api, PAYMENT_TABLES);
});

afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  workers = [];
});

describe('the payments maintenance job (Bull, in the worker)', () => {
  it('is scheduled once as a repeatable job, however many workers start', async () => {
    workers = await Promise.all([startWorker(), startWorker()]);
    const queue = workers[0]!.get<Queue>(getQueueToken(QueueName.PaymentsMaintenance));
    const repeatable = await queue.getRepeatableJobs();
    expect(repeatable).toHaveLength(1);
    expect(Number(repeatable[0]?.every)).toBe(MAINTENANCE_EVERY_MS);
  });

  it('prunes Idempotency-Keys older than 24 hours and buckets older than a day, and keeps the rest', async () => {
    const dataSource = api.get(DataSource);
    for (const key of ['old-1', 'old-2', 'fresh']) {
      expect((await pay(api, { amount: '1.00' }, { key })).statusCode).toBe(201);
    }
    await dataSource.query(
      'UPDATE payment_idempotency_keys SET created_at = ? WHERE idempotency_key LIKE ?',
      [new Date(Date.now() - 25 * HOUR_MS), 'old-%'],
    );
    const nowSecond = Math.floor(Date.now() / 1000);
    await dataSource.query(
      `INSERT INTO payment_stats_seconds (currency, bucket_second, shard, count, total_cents, min_cents, max_cents)
       VALUES ('EUR', ?, 0, 1, 100, 100, 100), ('USD', ?, 1, 1, 100, 100, 100)`,
      [nowSecond - 2 * 86_400, nowSecond - 86_401],
    );
    const bucketsBefore = await scalar(api, 'SELECT COUNT(*) FROM payment_stats_seconds');

    workers = [await startWorker()];
    const queue = workers[0]!.get<Queue>(getQueueToken(QueueName.PaymentsMaintenance));
    await queue.add({ requestedAt: Date.now() });
    await eventually(async () => {
      const keys: Array<{ idempotency_key: string }> = await dataSource.query(
        'SELECT idempotency_key FROM payment_idempotency_keys ORDER BY idempotency_key',
      );
      expect(keys.map((row) => row.idempotency_key)).toEqual(['fresh']);
      expect(await scalar(api, 'SELECT COUNT(*) FROM payment_stats_seconds')).toBe(bucketsBefore - 2);
    }, 10_000);
    // The payments themselves are never pruned.
    expect(await scalar(api, 'SELECT COUNT(*) FROM payments')).toBe(3);
  });
});
