import { Injectable } from '@nestjs/common';
import type { FieldValue, SubscriberStatus } from '@hotpath/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AsNumbers, Nullable } from '../../core/database/entity-rows';
import { isDuplicateKeyError } from '../../core/database/mysql-errors';
import { ReplicaReads } from '../../core/database/replica-reads';
import { JobRepository } from '../../core/queue/job.repository';
import { QueueName } from '../../core/queue/queue-names';
import type { FieldEntity } from '../fields/field.entity';
import {
  decodeValue,
  SubscriberFieldValuesRepository,
  type FieldValueChange,
} from './subscriber-field-values.repository';
import { SubscriberStatusCountsRepository } from './subscriber-status-counts.repository';
import type { SubscriberEntity, SubscriberFieldValueEntity } from './subscriber.entity';

type SubscriberRow = Pick<
  SubscriberEntity,
  'id' | 'email' | 'name' | 'lastName' | 'status' | 'createdAt' | 'updatedAt'
>;

export type SubscriberRecord = AsNumbers<SubscriberRow, 'id'> & { fields: Record<string, FieldValue> };

export type NewSubscriber = Pick<SubscriberEntity, 'email' | 'name' | 'lastName' | 'status'> & {
  values: FieldValueChange[];
};

export type SubscriberChanges = Partial<Pick<SubscriberEntity, 'name' | 'lastName' | 'status'>> & {
  values: FieldValueChange[];
};

export type ListPosition = { mode: 'newest'; id: number } | { mode: 'email'; email: string };

const COLUMNS =
  's.id, s.email, s.name, s.last_name AS lastName, s.status, s.created_at AS createdAt, s.updated_at AS updatedAt';

function toRecord(row: SubscriberRow): SubscriberRecord {
  return {
    id: Number(row.id),
    email: row.email,
    name: row.name,
    lastName: row.lastName,
    status: row.status,
    fields: {},
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** All SQL of the subscribers area. Hot reads are single indexed look-ups; writes are short transactions. */
@Injectable()
export class SubscribersRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobRepository,
    private readonly replicas: ReplicaReads,
    private readonly fieldValues: SubscriberFieldValuesRepository,
    private readonly statusCounts: SubscriberStatusCountsRepository,
  ) {}

  /** Queues a later re-check of a subscriber's email domain (one job per email at a time). */
  async scheduleDomainRecheck(email: string, domain: string): Promise<void> {
    await this.jobs.add(QueueName.SubscriberDomainRecheck, { email, domain }, { jobId: `recheck:${email}` });
  }

  /** One round trip: the subscriber with its field values joined (one row per value, or one row without). */
  async findByEmail(email: string): Promise<SubscriberRecord | null> {
    const rows: Array<
      SubscriberRow & Nullable<Pick<FieldEntity, 'key' | 'type'> & Pick<SubscriberFieldValueEntity, 'value'>>
    > = await this.dataSource.query(
      `SELECT ${COLUMNS}, f.field_key AS \`key\`, f.type, v.value
         FROM subscribers s
         LEFT JOIN subscriber_field_values v ON v.subscriber_id = s.id
         LEFT JOIN fields f ON f.id = v.field_id
         WHERE s.email = ?`,
      [email],
    );
    const first = rows[0];
    if (first === undefined) return null;
    const fields: Record<string, FieldValue> = {};
    for (const row of rows) {
      if (row.key !== null && row.type !== null && row.value !== null) {
        fields[row.key] = decodeValue(row.type, row.value);
      }
    }
    return { ...toRecord(first), fields };
  }

  /** Inserts a subscriber with its field values; null when the email is taken (decided by the unique index). */
  async insert(subscriber: NewSubscriber): Promise<SubscriberRecord | null> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const now = new Date();
        const record = await this.insertRow(manager, subscriber, now);
        if (record !== null) await this.statusCounts.adjust(manager, subscriber.status, 1);
        return record;
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
  }

  /** The stored subscribers among these emails, by email: one plain read (and one for field values). */
  async findManyByEmail(emails: readonly string[]): Promise<Map<string, SubscriberRecord>> {
    if (emails.length === 0) return new Map();
    const rows: SubscriberRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM subscribers s WHERE s.email IN (?)`,
      [emails],
    );
    const records = await this.withFields(rows, 'primary');
    return new Map(records.map((record) => [record.email, record]));
  }

  /**
   * Group commit: inserts many subscribers in ONE transaction, each with its own INSERT so that the unique
   * index still decides per email (a duplicate rolls back only its own statement, InnoDB keeps the rest).
   * Results in input order; null where the email was taken, including by an earlier entry of the batch.
   * Rows go in email order and the counters last, so that concurrent batches take their locks in one order.
   */
  async insertMany(subscribers: readonly NewSubscriber[]): Promise<Array<SubscriberRecord | null>> {
    const order = subscribers
      .map((subscriber, index) => ({ subscriber, index }))
      .sort((a, b) =>
        a.subscriber.email < b.subscriber.email ? -1 : a.subscriber.email > b.subscriber.email ? 1 : 0,
      );
    return this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const results: Array<SubscriberRecord | null> = subscribers.map(() => null);
      const added = new Map<SubscriberStatus, number>();
      for (const { subscriber, index } of order) {
        const record = await this.insertRow(manager, subscriber, now).catch((error: unknown) => {
          if (isDuplicateKeyError(error)) return null;
          throw error;
        });
        if (record !== null) added.set(subscriber.status, (added.get(subscriber.status) ?? 0) + 1);
        results[index] = record;
      }
      // In a fixed order, so that two batches never take the counter rows' locks the other way round.
      for (const [status, count] of [...added].sort(([a], [b]) => a.localeCompare(b))) {
        await this.statusCounts.adjust(manager, status, count);
      }
      return results;
    });
  }

  /** Applies changes under a row lock; null when there is no such subscriber. */
  async update(email: string, changes: SubscriberChanges): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, email);
      if (current === null) return false;
      const sets: string[] = ['updated_at = ?'];
      const params: unknown[] = [new Date()];
      if (changes.name !== undefined) {
        sets.push('name = ?');
        params.push(changes.name);
      }
      if (changes.lastName !== undefined) {
        sets.push('last_name = ?');
        params.push(changes.lastName);
      }
      if (changes.status !== undefined) {
        sets.push('status = ?');
        params.push(changes.status);
      }
      await manager.query(`UPDATE subscribers SET ${sets.join(', ')} WHERE id = ?`, [...params, current.id]);
      if (changes.status !== undefined && changes.status !== current.status) {
        await this.statusCounts.adjust(manager, current.status, -1);
        await this.statusCounts.adjust(manager, changes.status, 1);
      }
      await this.fieldValues.write(manager, current.id, changes.values);
      return true;
    });
  }

  async delete(email: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, email);
      if (current === null) return false;
      await manager.query('DELETE FROM subscribers WHERE id = ?', [current.id]);
      await this.statusCounts.adjust(manager, current.status, -1);
      return true;
    });
  }

  /** One page by keyset (from a replica when they are in step): newest first by id, or by email for prefix searches. Fetches one extra row to know if more follow. */
  async list(options: {
    limit: number;
    status?: SubscriberStatus;
    search?: string;
    after?: ListPosition;
  }): Promise<SubscriberRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.status !== undefined) {
      where.push('s.status = ?');
      params.push(options.status);
    }
    let order = 's.id DESC';
    if (options.search !== undefined) {
      where.push("s.email LIKE ? ESCAPE '!'");
      params.push(`${options.search.replace(/[!%_]/g, (char) => `!${char}`)}%`);
      order = 's.email ASC';
      if (options.after?.mode === 'email') {
        where.push('s.email > ?');
        params.push(options.after.email);
      }
    } else if (options.after?.mode === 'newest') {
      where.push('s.id < ?');
      params.push(options.after.id);
    }
    const rows: SubscriberRow[] = await this.replicas.query(
      `SELECT ${COLUMNS} FROM subscribers s ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY ${order} LIMIT ?`,
      [...params, options.limit + 1],
    );
    return this.withFields(rows, 'replica');
  }

  /** Count of subscribers, optionally of one status, from the sharded counters. */
  async count(status?: SubscriberStatus): Promise<number> {
    return this.statusCounts.count(status);
  }

  /** Sets a subscriber's status unless it already has it; true when a row changed. */
  async setStatus(email: string, status: SubscriberStatus): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lock(manager, email);
      if (current === null || current.status === status) return false;
      await manager.query('UPDATE subscribers SET status = ?, updated_at = ? WHERE id = ?', [
        status,
        new Date(),
        current.id,
      ]);
      await this.statusCounts.adjust(manager, current.status, -1);
      await this.statusCounts.adjust(manager, status, 1);
      return true;
    });
  }

  /** The subscriber row and its values; throws the driver's duplicate-key error when the email is taken. */
  private async insertRow(
    manager: EntityManager,
    subscriber: NewSubscriber,
    now: Date,
  ): Promise<SubscriberRecord> {
    const result: { insertId: number } = await manager.query(
      'INSERT INTO subscribers (email, name, last_name, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      [subscriber.email, subscriber.name, subscriber.lastName, subscriber.status, now, now],
    );
    await this.fieldValues.write(manager, result.insertId, subscriber.values);
    return {
      id: result.insertId,
      email: subscriber.email,
      name: subscriber.name,
      lastName: subscriber.lastName,
      status: subscriber.status,
      fields: {},
      createdAt: now,
      updatedAt: now,
    };
  }

  private async lock(
    manager: EntityManager,
    email: string,
  ): Promise<Pick<SubscriberEntity, 'id' | 'status'> | null> {
    const rows: Array<Pick<SubscriberEntity, 'id' | 'status'>> = await manager.query(
      'SELECT id, status FROM subscribers WHERE email = ? FOR UPDATE',
      [email],
    );
    return rows[0] ?? null;
  }

  private async withFields(rows: SubscriberRow[], from: 'primary' | 'replica'): Promise<SubscriberRecord[]> {
    if (rows.length === 0) return [];
    const bySubscriber = await this.fieldValues.readMany(
      rows.map((row) => row.id),
      from,
    );
    return rows.map((row) => ({ ...toRecord(row), fields: bySubscriber.get(Number(row.id)) ?? {} }));
  }
}
