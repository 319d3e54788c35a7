import { Injectable } from '@nestjs/common';
import type { SubscriberStatus } from '@hotpath/contracts';
import type { EntityManager } from 'typeorm';
import { ReplicaReads } from '../../core/database/replica-reads';

export const COUNT_SHARDS = 16;

const randomShard = (): number => Math.floor(Math.random() * COUNT_SHARDS);

/** Subscribers per status, split over shards so that concurrent writers rarely wait on one counter row. */
@Injectable()
export class SubscriberStatusCountsRepository {
  constructor(private readonly replicas: ReplicaReads) {}

  /** Adds `delta` to the status's count, inside the caller's transaction. */
  async adjust(manager: EntityManager, status: SubscriberStatus, delta: number): Promise<void> {
    await manager.query(
      `INSERT INTO subscriber_status_counts (status, shard, count) VALUES (?, ?, ?)
       ON DUPLICATE KEY UPDATE count = count + VALUES(count)`,
      [status, randomShard(), delta],
    );
  }

  /** Count of subscribers, optionally of one status, from the sharded counters. */
  async count(status?: SubscriberStatus): Promise<number> {
    const rows: Array<{ total: string | number | null }> = await this.replicas.query(
      `SELECT SUM(count) AS total FROM subscriber_status_counts${status !== undefined ? ' WHERE status = ?' : ''}`,
      status !== undefined ? [status] : [],
    );
    return Number(rows[0]?.total ?? 0);
  }
}
