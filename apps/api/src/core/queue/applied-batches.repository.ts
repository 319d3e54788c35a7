import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isDuplicateKeyError } from '../database/mysql-errors';

/**
 * The exactly-once guard of write-behind consumers. Inside the transaction that applies a batch, `claim`
 * records the batch id; if the id is already recorded (the job ran before and committed, then the worker
 * died before Bull heard of it) it answers false and the caller applies nothing. A concurrent claim of the
 * same id waits on the row lock and then answers false.
 */
@Injectable()
export class AppliedBatchesRepository {
  async claim(manager: EntityManager, queue: string, batchId: string): Promise<boolean> {
    try {
      await manager.query(
        'INSERT INTO queue_applied_batches (batch_id, queue, applied_at) VALUES (?, ?, ?)',
        [batchId, queue, new Date()],
      );
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Forgets claims older than the retention; a job is never retried that late. */
  async prune(manager: EntityManager, olderThan: Date): Promise<number> {
    const result: { affectedRows?: number } = await manager.query(
      'DELETE FROM queue_applied_batches WHERE applied_at < ? LIMIT 10000',
      [olderThan],
    );
    return result.affectedRows ?? 0;
  }
}
