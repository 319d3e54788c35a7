import { Inject, Injectable } from '@nestjs/common';
import type { PollOption, PollOptionResult } from '@hotpath/contracts';
import type { RedisClient } from '../../core/redis/redis-client.factory';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { BatchApplier } from '../../core/queue/batch-applier';
import type { JobPayloads } from '../../core/queue/job-payloads';
import { JobRepository } from '../../core/queue/job.repository';
import { QueueName } from '../../core/queue/queue-names';
import { REDIS_CLIENT } from '../../core/redis/redis.constants';
import { ReplicaReads } from '../../core/database/replica-reads';
import type { AsNumbers } from '../../core/database/entity-rows';
import type { BallotEntity, PollEntity, PollOptionEntity } from './poll.entity';

export type PollVotesJob = JobPayloads[typeof QueueName.PollVotes];
/** One accepted ballot on its way to MySQL. */
export type PollBallot = PollVotesJob['items'][number];

type PollRow = Pick<
  PollEntity,
  'id' | 'question' | 'multipleChoice' | 'uniqueVoters' | 'ballots' | 'createdAt'
>;
type OptionRow = Pick<PollOptionEntity, 'id' | 'pollId' | 'label'>;
type TotalsRow = Omit<PollRow, 'createdAt'> & { optionId: PollOptionEntity['id'] } & Pick<
    PollOptionEntity,
    'label' | 'votes'
  >;

/** A poll as services see it: ids and counters as numbers, the two flags as booleans under the contract's names. */
export type PollRecord = AsNumbers<
  Pick<PollRow, 'id' | 'question' | 'ballots' | 'createdAt'>,
  'id' | 'ballots'
> & {
  multiple: boolean;
  uniqueVoters: boolean;
  options: PollOption[];
};

/** A poll's totals as one statement read them. */
export type PollTotals = Omit<PollRecord, 'options' | 'createdAt'> & { options: PollOptionResult[] };

export interface NewPoll {
  question: string;
  options: string[];
  multiple: boolean;
  uniqueVoters: boolean;
}

/** What applying one batch did: nothing when it had been applied before. */
export type BatchOutcome = { applied: false } | { applied: true; counted: number; duplicateVoters: number };

const POLL_COLUMNS =
  'p.id, p.question, p.multiple_choice AS multipleChoice, p.unique_voters AS uniqueVoters, p.ballots, p.created_at AS createdAt';
const OPTION_COLUMNS = 'id, poll_id AS pollId, label';

/** `UPDATE table SET column = column + CASE id ... END` for several rows in one statement, locking them in id order. */
async function raise(
  manager: EntityManager,
  table: string,
  column: string,
  deltas: Map<number, number>,
): Promise<void> {
  if (deltas.size === 0) return;
  const ids = [...deltas.keys()].sort((a, b) => a - b);
  await manager.query(
    `UPDATE ${table} SET ${column} = ${column} + CASE id ${ids.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE id IN (?)`,
    [...ids.flatMap((id) => [id, deltas.get(id)]), ids],
  );
}

/**
 * All I/O of the polls area: poll definitions and totals in MySQL, voter reservations in Redis, and the
 * write-behind path of ballots (group commit into Bull here, one transaction per batch in the worker).
 */
@Injectable()
export class PollsRepository {
  private readonly votersKeyPrefix: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly applier: BatchApplier,
    private readonly jobs: JobRepository,
    private readonly replicas: ReplicaReads,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    config: AppConfig,
  ) {
    this.votersKeyPrefix = `${config.get('REDIS_KEY_PREFIX')}poll-voters:`;
  }

  async insert(poll: NewPoll): Promise<PollRecord> {
    const now = new Date();
    return this.dataSource.transaction(async (manager) => {
      const result: { insertId: number } = await manager.query(
        'INSERT INTO polls (question, multiple_choice, unique_voters, ballots, created_at) VALUES (?, ?, ?, 0, ?)',
        [poll.question, poll.multiple, poll.uniqueVoters, now],
      );
      const id = Number(result.insertId);
      await manager.query('INSERT INTO poll_options (poll_id, position, label, votes) VALUES ?', [
        poll.options.map((label, position) => [id, position, label, 0]),
      ]);
      const options: OptionRow[] = await manager.query(
        `SELECT ${OPTION_COLUMNS} FROM poll_options WHERE poll_id = ? ORDER BY position`,
        [id],
      );
      return {
        id,
        question: poll.question,
        multiple: poll.multiple,
        uniqueVoters: poll.uniqueVoters,
        options: options.map((option) => ({ id: Number(option.id), label: option.label })),
        ballots: 0,
        createdAt: now,
      };
    });
  }

  async findIdByQuestion(question: string): Promise<number | null> {
    const rows: Array<Pick<PollEntity, 'id'>> = await this.dataSource.query(
      'SELECT id FROM polls WHERE question = ? ORDER BY id LIMIT 1',
      [question],
    );
    return rows[0] === undefined ? null : Number(rows[0].id);
  }

  /** Newest first by id, after the given id (from a replica when they are in step); one extra row tells whether more follow. */
  async list(limit: number, beforeId?: number): Promise<PollRecord[]> {
    const rows: PollRow[] = await this.replicas.query(
      `SELECT ${POLL_COLUMNS} FROM polls p ${beforeId === undefined ? '' : 'WHERE p.id < ?'} ORDER BY p.id DESC LIMIT ?`,
      beforeId === undefined ? [limit + 1] : [beforeId, limit + 1],
    );
    if (rows.length === 0) return [];
    const options: OptionRow[] = await this.replicas.query(
      `SELECT ${OPTION_COLUMNS} FROM poll_options WHERE poll_id IN (?) ORDER BY poll_id, position`,
      [rows.map((row) => row.id)],
    );
    const byPoll = new Map<number, PollOption[]>();
    for (const option of options) {
      const pollId = Number(option.pollId);
      const list = byPoll.get(pollId) ?? [];
      list.push({ id: Number(option.id), label: option.label });
      byPoll.set(pollId, list);
    }
    return rows.map((row) => ({
      id: Number(row.id),
      question: row.question,
      multiple: Boolean(row.multipleChoice),
      uniqueVoters: Boolean(row.uniqueVoters),
      options: byPoll.get(Number(row.id)) ?? [],
      ballots: Number(row.ballots),
      createdAt: row.createdAt,
    }));
  }

  async count(): Promise<number> {
    const rows: Array<{ n: number | string }> = await this.replicas.query('SELECT COUNT(*) AS n FROM polls');
    return Number(rows[0]?.n ?? 0);
  }

  /** The definition and totals of a poll in one statement (one consistent read); null when there is none. */
  async loadTotals(id: number): Promise<PollTotals | null> {
    const rows: TotalsRow[] = await this.dataSource.query(
      `SELECT p.id, p.question, p.multiple_choice AS multipleChoice, p.unique_voters AS uniqueVoters, p.ballots,
         o.id AS optionId, o.label, o.votes
       FROM polls p JOIN poll_options o ON o.poll_id = p.id
       WHERE p.id = ? ORDER BY o.position`,
      [id],
    );
    const first = rows[0];
    if (first === undefined) return null;
    return {
      id: Number(first.id),
      question: first.question,
      multiple: Boolean(first.multipleChoice),
      uniqueVoters: Boolean(first.uniqueVoters),
      options: rows.map((row) => ({ id: Number(row.optionId), label: row.label, votes: Number(row.votes) })),
      ballots: Number(first.ballots),
    };
  }

  /** Atomically claims a voter's one ballot on a poll; false when the voter has one already. Never expires. */
  async reserveVoter(pollId: number, voterId: string): Promise<boolean> {
    return (await this.redis.sadd(this.votersKey(pollId), voterId)) === 1;
  }

  /** Gives a reservation back, for a ballot that could not be queued. */
  async releaseVoter(pollId: number, voterId: string): Promise<void> {
    await this.redis.srem(this.votersKey(pollId), voterId);
  }

  /** Resolves once the ballot is in a Bull job stored in Redis (grouped with concurrent ones). */
  async enqueueBallot(ballot: PollBallot): Promise<void> {
    await this.jobs.write(QueueName.PollVotes, [ballot]);
  }

  /**
   * Stores a batch of ballots and raises the totals of exactly the ballots stored, in one transaction
   * guarded by the batch's claim: a batch run twice (worker killed after commit, two workers) counts once.
   * A voter that already has a ballot on a one-ballot-per-voter poll is skipped by the unique index.
   */
  async applyBatch(batch: PollVotesJob): Promise<BatchOutcome> {
    const outcome = await this.applier.applyOnce(QueueName.PollVotes, batch, (manager) =>
      this.applyInTransaction(manager, batch),
    );
    return outcome.applied ? outcome.value : { applied: false };
  }

  private async applyInTransaction(manager: EntityManager, batch: PollVotesJob): Promise<BatchOutcome> {
    const ballots = batch.items;
    if (ballots.length === 0) return { applied: true, counted: 0, duplicateVoters: 0 };
    const inserted: { affectedRows: number } = await manager.query(
      'INSERT IGNORE INTO ballots (ballot_id, poll_id, option_ids, voter_id, unique_voter_id, created_at) VALUES ?',
      [
        ballots.map((ballot) => [
          ballot.ballotId,
          ballot.pollId,
          JSON.stringify(ballot.optionIds),
          ballot.voterId,
          ballot.uniqueVoter ? ballot.voterId : null,
          new Date(ballot.castAt),
        ]),
      ],
    );
    let counted = ballots;
    if (inserted.affectedRows < ballots.length) {
      // Some voters already had a ballot: count only the rows this transaction stored.
      const stored: Array<Pick<BallotEntity, 'ballotId'>> = await manager.query(
        'SELECT ballot_id AS ballotId FROM ballots WHERE ballot_id IN (?)',
        [ballots.map((ballot) => ballot.ballotId)],
      );
      const storedIds = new Set(stored.map((row) => row.ballotId));
      counted = ballots.filter((ballot) => storedIds.has(ballot.ballotId));
    }

    const perPoll = new Map<number, number>();
    const perOption = new Map<number, number>();
    for (const ballot of counted) {
      perPoll.set(ballot.pollId, (perPoll.get(ballot.pollId) ?? 0) + 1);
      for (const optionId of ballot.optionIds) perOption.set(optionId, (perOption.get(optionId) ?? 0) + 1);
    }
    // Last, and always polls before options: the hot rows are locked only until the commit right after.
    await raise(manager, 'polls', 'ballots', perPoll);
    await raise(manager, 'poll_options', 'votes', perOption);
    return { applied: true, counted: counted.length, duplicateVoters: ballots.length - counted.length };
  }

  private votersKey(pollId: number): string {
    return `${this.votersKeyPrefix}${pollId}`;
  }
}
