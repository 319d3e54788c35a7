import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Job } from 'bull';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppliedBatchesRepository } from '../src/core/queue/applied-batches.repository';
import { JobRepository } from '../src/core/queue/job.repository';
import {
  APPLIED_BATCH_RETENTION_MS,
  QueueMaintenanceProcessor,
} from '../src/core/queue/queue-maintenance.processor';
import { resetState, startApi } from './support/test-app';

let api: NestFastifyApplication;

beforeAll(async () => {
  api = await startApi();
  await resetState(api, ['queue_applied_batches']);
});
afterAll(async () => {
  await resetState(api, ['queue_applied_batches']);
  await api.close();
});

describe('applied-batch claims', () => {
  it('claims a batch id once, and prunes only claims older than the retention', async () => {
    const dataSource = api.get(DataSource);
    const repository = api.get(AppliedBatchesRepository);
    const claim = (id: string) =>
      dataSource.transaction((manager) => repository.claim(manager, 'test-queue', id));
    expect(await claim('00000000-0000-4000-8000-000000000001')).toBe(true);
    expect(await claim('00000000-0000-4000-8000-000000000001')).toBe(false);
    expect(await claim('00000000-0000-4000-8000-000000000002')).toBe(true);
    const old = new Date(Date.now() - APPLIED_BATCH_RETENTION_MS - 60_000);
    await dataSource.query('UPDATE queue_applied_batches SET applied_at = ? WHERE batch_id LIKE ?', [
      old,
      '%0001',
    ]);

    const processor = new QueueMaintenanceProcessor(repository, dataSource, api.get(JobRepository));
    expect(await processor.prune({} as Job<{ requestedAt: number }>)).toBe(1);
    const left: Array<{ batch_id: string }> = await dataSource.query(
      'SELECT batch_id FROM queue_applied_batches',
    );
    expect(left.map((row) => row.batch_id)).toEqual(['00000000-0000-4000-8000-000000000002']);
  });
});
