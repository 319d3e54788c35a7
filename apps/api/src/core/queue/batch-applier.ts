import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type EntityManager } from 'typeorm';
import { isLockConflict } from '../database/mysql-errors';
import { AppliedBatchesRepository } from './applied-batches.repository';
import type { WriteQueueName } from './write-queues';

/** Re-runs of a transaction that deadlocked or timed out on a lock, before the job's own retry takes over. */
const LOCK_CONFLICT_ATTEMPTS = 5;

export type ApplyOutcome<T> = { applied: true; value: T } | { applied: false };

/**
 * The exactly-once apply of every write-behind consumer: ONE transaction that first claims the batch id and then
 * runs the area's work; a batch claimed before (the worker died after the commit, or two workers raced) changes
 * nothing. A deadlock or lock wait timeout rolls everything back, so the whole transaction simply runs again.
 */
@Injectable()
export class BatchApplier {
  constructor(
    private readonly dataSource: DataSource,
    private readonly appliedBatches: AppliedBatchesRepository,
  ) {}

  async applyOnce<T>(
    queue: WriteQueueName,
    batch: { batchId: string },
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<ApplyOutcome<T>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(async (manager): Promise<ApplyOutcome<T>> => {
          if (!(await this.appliedBatches.claim(manager, queue, batch.batchId))) return { applied: false };
          return { applied: true, value: await work(manager) };
        });
      } catch (error) {
        if (!isLockConflict(error) || attempt >= LOCK_CONFLICT_ATTEMPTS) throw error;
        await sleep(10 * attempt + Math.floor(Math.random() * 20));
      }
    }
  }
}
