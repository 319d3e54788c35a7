import { Injectable } from '@nestjs/common';
import { DOMAIN_STATUSES, domainStatus, type DomainCounts, type DomainStatus } from '@hotpath/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { BatchApplier } from '../../core/queue/batch-applier';
import { QueueName } from '../../core/queue/queue-names';
import type { DomainDelta } from './domain-deltas';
import { statusChanges } from './status-changes';
import { ReplicaReads } from '../../core/database/replica-reads';
import type { AsNumbers } from '../../core/database/entity-rows';
import type { DomainEntity } from './deliverability.entity';

export const STATUS_COUNT_SHARDS = 16;
/** Rows per multi-row statement: large enough to amortise the round trip, small enough for any packet size. */
const ROWS_PER_STATEMENT = 1000;

type DomainRow = Pick<DomainEntity, 'id' | 'name' | 'delivered' | 'bounced' | 'status' | 'statusSince'>;
type CountsRow = Pick<DomainEntity, 'name' | 'delivered' | 'bounced'>;

export type DomainRecord = AsNumbers<DomainRow, 'id' | 'delivered' | 'bounced'>;

/** A domain's counters as read from MySQL, for the Redis tier. */
export type DomainCountsRow = [domain: string, delivered: number, bounced: number];

export interface ListPosition {
  since: number;
  id: number;
}

const DOMAIN_COLUMNS = 'id, name, delivered, bounced, status, status_since AS statusSince';

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

const toRecord = (row: DomainRow): DomainRecord => ({
  id: Number(row.id),
  name: row.name,
  delivered: Number(row.delivered),
  bounced: Number(row.bounced),
  status: row.status,
  statusSince: row.statusSince,
});

const randomShard = (): number => Math.floor(Math.random() * STATUS_COUNT_SHARDS);

/** All SQL of the deliverability area. The only writer of `domains` is `applyBatch`, run by the worker. */
@Injectable()
export class DomainsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly applier: BatchApplier,
    private readonly replicas: ReplicaReads,
  ) {}

  /**
   * Applies one batch of per-domain deltas in ONE transaction, exactly once per batch id (BatchApplier): adds the
   * deltas (multi-row upsert, rows in name order so concurrent batches cannot deadlock on each other), reads the
   * new counts back under the row locks, moves the domains whose status changed and adjusts the per-status
   * counts. Returns the counts after the batch for Redis (none when the batch had been applied before).
   */
  async applyBatch(
    batchId: string,
    deltas: readonly DomainDelta[],
  ): Promise<{ applied: boolean; counts: DomainCountsRow[] }> {
    const outcome = await this.applier.applyOnce(QueueName.DeliverabilityEvents, { batchId }, (manager) =>
      this.applyInTransaction(manager, deltas),
    );
    return outcome.applied ? { applied: true, counts: outcome.value } : { applied: false, counts: [] };
  }

  /** Current counters of some domains; a domain never seen is absent. */
  async countsOf(domains: readonly string[]): Promise<DomainCountsRow[]> {
    const rows: CountsRow[] = [];
    for (const chunk of chunks(domains, ROWS_PER_STATEMENT)) {
      rows.push(
        ...(await this.dataSource.query<CountsRow[]>(
          'SELECT name, delivered, bounced FROM domains WHERE name IN (?)',
          [chunk],
        )),
      );
    }
    return rows.map((row) => [row.name, Number(row.delivered), Number(row.bounced)]);
  }

  async findByName(name: string): Promise<DomainRecord | null> {
    const rows: DomainRow[] = await this.dataSource.query(
      `SELECT ${DOMAIN_COLUMNS} FROM domains WHERE name = ?`,
      [name],
    );
    const row = rows[0];
    return row === undefined ? null : toRecord(row);
  }

  /** One page of a status, latest first (keyset on the status index; from a replica when in step); one extra row tells if more follow. */
  async listByStatus(status: DomainStatus, limit: number, after?: ListPosition): Promise<DomainRecord[]> {
    const params: unknown[] = [status];
    let keyset = '';
    if (after !== undefined) {
      const since = new Date(after.since);
      keyset = 'AND (status_since < ? OR (status_since = ? AND id < ?))';
      params.push(since, since, after.id);
    }
    const rows: DomainRow[] = await this.replicas.query(
      `SELECT ${DOMAIN_COLUMNS} FROM domains
       WHERE status = ? ${keyset} ORDER BY status_since DESC, id DESC LIMIT ?`,
      [...params, limit + 1],
    );
    return rows.map(toRecord);
  }

  /** Domains per status from the sharded counters (a few dozen rows, never a scan of `domains`). */
  async countByStatus(): Promise<Record<DomainStatus, number>> {
    const rows: Array<{ status: DomainStatus; total: string | number }> = await this.dataSource.query(
      'SELECT status, SUM(count) AS total FROM domain_status_counts GROUP BY status',
    );
    const counts = Object.fromEntries(DOMAIN_STATUSES.map((status) => [status, 0])) as Record<
      DomainStatus,
      number
    >;
    for (const row of rows) counts[row.status] = Number(row.total);
    return counts;
  }

  /** The next `limit` domains by id after `afterId`, for refilling Redis. */
  async scan(afterId: number, limit: number): Promise<{ lastId: number; rows: DomainCountsRow[] }> {
    const rows: Array<Pick<DomainEntity, 'id'> & CountsRow> = await this.dataSource.query(
      'SELECT id, name, delivered, bounced FROM domains WHERE id > ? ORDER BY id LIMIT ?',
      [afterId, limit],
    );
    const last = rows[rows.length - 1];
    return {
      lastId: last === undefined ? afterId : Number(last.id),
      rows: rows.map((row) => [row.name, Number(row.delivered), Number(row.bounced)]),
    };
  }

  private async applyInTransaction(
    manager: EntityManager,
    deltas: readonly DomainDelta[],
  ): Promise<DomainCountsRow[]> {
    const names = deltas.map(([domain]) => domain);
    const now = new Date();
    for (const chunk of chunks(deltas, ROWS_PER_STATEMENT)) {
      await manager.query(
        `INSERT INTO domains (name, delivered, bounced, status, status_since) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE delivered = delivered + VALUES(delivered), bounced = bounced + VALUES(bounced)`,
        chunk.flatMap(([domain, delivered, bounced]) => [
          domain,
          delivered,
          bounced,
          domainStatus({ delivered, bounced }),
          now,
        ]),
      );
    }
    const after = new Map<string, DomainCounts>();
    const counts: DomainCountsRow[] = [];
    for (const chunk of chunks(names, ROWS_PER_STATEMENT)) {
      const rows: CountsRow[] = await manager.query(
        'SELECT name, delivered, bounced FROM domains WHERE name IN (?) FOR UPDATE',
        [chunk],
      );
      for (const row of rows) {
        const delivered = Number(row.delivered);
        const bounced = Number(row.bounced);
        after.set(row.name, { delivered, bounced });
        counts.push([row.name, delivered, bounced]);
      }
    }
    const changes = statusChanges(deltas, after);
    for (const [status, moved] of changes.moved) {
      for (const chunk of chunks(moved, ROWS_PER_STATEMENT)) {
        await manager.query('UPDATE domains SET status = ?, status_since = ? WHERE name IN (?)', [
          status,
          now,
          chunk,
        ]);
      }
    }
    const perStatus = [...changes.perStatus].sort(([a], [b]) => (a < b ? -1 : 1));
    if (perStatus.length > 0) {
      const shard = randomShard();
      await manager.query(
        `INSERT INTO domain_status_counts (status, shard, count) VALUES ${perStatus.map(() => '(?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE count = count + VALUES(count)`,
        perStatus.flatMap(([status, change]) => [status, shard, change]),
      );
    }
    return counts;
  }
}
