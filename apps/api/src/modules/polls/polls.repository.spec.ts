import type { Redis } from 'ioredis';
import type { DataSource, EntityManager } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../config/app-config';
import type { AppliedBatchesRepository } from '../../core/queue/applied-batches.repository';
import { BatchApplier } from '../../core/queue/batch-applier';
import type { JobRepository } from '../../core/queue/job.repository';
import { PollsRepository, type PollBallot } from './polls.repository';
import type { ReplicaReads } from '../../core/database/replica-reads';

interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * A MySQL stand-in for applyBatch: records statements, answers the ballots INSERT as if the rows of
 * `duplicates` (ballot ids) hit the unique index, fails the first `lockConflicts` transactions with a
 * deadlock, and rolls back a failed transaction's claim.
 */
function fakeDatabase(options: { duplicates?: string[]; lockConflicts?: number } = {}) {
  const statements: Statement[] = [];
  const claimed = new Set<string>();
  let conflicts = options.lockConflicts ?? 0;
  let transactions = 0;
  const manager = {
    query: vi.fn(async (sql: string, params: unknown[] = []) => {
      statements.push({ sql, params });
      if (sql.startsWith('INSERT IGNORE INTO ballots')) {
        const rows = params[0] as unknown[][];
        return { affectedRows: rows.filter((row) => !options.duplicates?.includes(row[0] as string)).length };
      }
      if (sql.startsWith('SELECT ballot_id AS ballotId FROM ballots')) {
        const ids = params[0] as string[];
        return ids.filter((id) => !options.duplicates?.includes(id)).map((id) => ({ ballotId: id }));
      }
      if (sql.startsWith('UPDATE polls') && conflicts > 0) {
        conflicts--;
        throw Object.assign(new Error('Deadlock found when trying to get lock'), { errno: 1213 });
      }
      return { affectedRows: 1 };
    }),
  };
  const dataSource = {
    transaction: async <T>(work: (entityManager: EntityManager) => Promise<T>): Promise<T> => {
      transactions++;
      const claimedBefore = new Set(claimed);
      try {
        return await work(manager as unknown as EntityManager);
      } catch (error) {
        // Rolled back: the claim made in this transaction goes with it.
        claimed.clear();
        claimedBefore.forEach((id) => claimed.add(id));
        throw error;
      }
    },
  };
  const appliedBatches = {
    claim: vi.fn(async (_manager: EntityManager, _queue: string, batchId: string) => {
      if (claimed.has(batchId)) return false;
      claimed.add(batchId);
      return true;
    }),
  };
  const settings: Record<string, unknown> = {
    REDIS_KEY_PREFIX: 'test:',
    POLL_BATCH_MAX_BALLOTS: 500,
    POLL_BATCH_MAX_WAIT_MS: 5,
  };
  const config = { get: (key: string) => settings[key] } as unknown as AppConfig;
  const repository = new PollsRepository(
    dataSource as unknown as DataSource,
    new BatchApplier(
      dataSource as unknown as DataSource,
      appliedBatches as unknown as AppliedBatchesRepository,
      { get: () => 0 } as unknown as AppConfig,
    ),
    {} as JobRepository,
    { query: vi.fn() } as unknown as ReplicaReads,
    {} as Redis,
    config,
  );
  return { repository, statements, transactions: () => transactions };
}

const ballot = (
  ballotId: string,
  pollId: number,
  optionIds: number[],
  voterId: string | null = null,
): PollBallot => ({
  ballotId,
  pollId,
  optionIds,
  voterId,
  uniqueVoter: voterId !== null,
  castAt: Date.parse('2025-11-21T12:00:00.000Z'),
});

const updates = (statements: Statement[]) =>
  statements.filter((statement) => statement.sql.startsWith('UPDATE')).map((statement) => statement.params);

describe('PollsRepository.applyBatch', () => {
  it('stores the ballots in one multi-row insert and raises polls, then options, in id order', async () => {
    const { repository, statements } = fakeDatabase();
    const outcome = await repository.applyBatch({
      batchId: 'b1',
      items: [ballot('a', 2, [22, 21]), ballot('b', 1, [11]), ballot('c', 2, [21])],
    });
    expect(outcome).toEqual({ applied: true, counted: 3, duplicateVoters: 0 });
    const inserts = statements.filter((statement) => statement.sql.startsWith('INSERT IGNORE INTO ballots'));
    expect(inserts).toHaveLength(1);
    expect(inserts[0]?.params[0]).toEqual([
      ['a', 2, '[22,21]', null, null, new Date('2025-11-21T12:00:00.000Z')],
      ['b', 1, '[11]', null, null, new Date('2025-11-21T12:00:00.000Z')],
      ['c', 2, '[21]', null, null, new Date('2025-11-21T12:00:00.000Z')],
    ]);
    expect(statements.map((statement) => statement.sql.split(' ').slice(0, 2).join(' '))).toEqual([
      'INSERT IGNORE',
      'UPDATE polls',
      'UPDATE poll_options',
    ]);
    expect(updates(statements)).toEqual([
      [1, 1, 2, 2, [1, 2]],
      [11, 1, 21, 2, 22, 1, [11, 21, 22]],
    ]);
  });

  it('counts only the ballots the unique voter index let in', async () => {
    const { repository, statements } = fakeDatabase({ duplicates: ['b'] });
    const outcome = await repository.applyBatch({
      batchId: 'b2',
      items: [ballot('a', 5, [50], 'ada'), ballot('b', 5, [51], 'bob'), ballot('c', 5, [51], 'cy')],
    });
    expect(outcome).toEqual({ applied: true, counted: 2, duplicateVoters: 1 });
    expect((statements[0]?.params[0] as unknown[][])[1]).toEqual([
      'b',
      5,
      '[51]',
      'bob',
      'bob',
      expect.any(Date),
    ]);
    expect(updates(statements)).toEqual([
      [5, 2, [5]],
      [50, 1, 51, 1, [50, 51]],
    ]);
  });

  it('applies nothing for a batch that was claimed before', async () => {
    const { repository, statements } = fakeDatabase();
    const batch = { batchId: 'b3', items: [ballot('a', 1, [11])] };
    await repository.applyBatch(batch);
    const before = statements.length;
    expect(await repository.applyBatch(batch)).toEqual({ applied: false });
    expect(statements.length).toBe(before);
  });

  it('runs a deadlocked batch again at once', async () => {
    const db = fakeDatabase({ lockConflicts: 1 });
    const outcome = await db.repository.applyBatch({ batchId: 'b4', items: [ballot('a', 1, [11])] });
    expect(outcome).toEqual({ applied: true, counted: 1, duplicateVoters: 0 });
    expect(db.transactions()).toBe(2);
    expect(updates(db.statements).at(-1)).toEqual([11, 1, [11]]);
  });
});
