import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PaymentIdempotencyKeyEntity } from '../payment.entity';
import type { KeyAnswer, StoredKey } from './idempotency-key';

/** A stored key as selected: columns under their entity property names. */
type KeyRow = Pick<
  PaymentIdempotencyKeyEntity,
  'key' | 'requestHash' | 'statusCode' | 'responseBody' | 'createdAt'
>;

/** A key to store with the answer given to it and the payment it made. */
export interface NewKey {
  key: string;
  requestHash: string;
  paymentId: number;
  answer: KeyAnswer;
}

/** The SQL of payment_idempotency_keys. The transactional calls run inside the caller's batch transaction. */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The stored answers of `keys`, locked until the transaction ends. */
  async lock(manager: EntityManager, keys: readonly string[]): Promise<Map<string, StoredKey>> {
    if (keys.length === 0) return new Map();
    const rows: KeyRow[] = await manager.query(
      `SELECT idempotency_key AS \`key\`, request_hash AS requestHash, status_code AS statusCode,
              response_body AS responseBody, created_at AS createdAt
       FROM payment_idempotency_keys WHERE idempotency_key IN (?) FOR UPDATE`,
      [keys],
    );
    return new Map(
      rows.map((row) => [
        row.key,
        {
          key: row.key,
          requestHash: row.requestHash,
          statusCode: Number(row.statusCode),
          body: row.responseBody,
          createdAt: row.createdAt,
        },
      ]),
    );
  }

  /** Removes expired answers that new ones replace. */
  async remove(manager: EntityManager, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await manager.query('DELETE FROM payment_idempotency_keys WHERE idempotency_key IN (?)', [keys]);
  }

  async insert(manager: EntityManager, keys: readonly NewKey[], createdAt: Date): Promise<void> {
    if (keys.length === 0) return;
    const rows = [...keys]
      // In key order, so two batches that share keys lock them in the same order.
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map((row) => [
        row.key,
        row.requestHash,
        row.paymentId,
        row.answer.statusCode,
        row.answer.body,
        createdAt,
      ]);
    await manager.query(
      `INSERT INTO payment_idempotency_keys
         (idempotency_key, request_hash, payment_id, status_code, response_body, created_at) VALUES ?`,
      [rows],
    );
  }

  /** Deletes up to `limit` keys created before `before`; returns how many went. */
  async prune(before: Date, limit: number): Promise<number> {
    const result: { affectedRows?: number } = await this.dataSource.query(
      'DELETE FROM payment_idempotency_keys WHERE created_at < ? LIMIT ?',
      [before, limit],
    );
    return result.affectedRows ?? 0;
  }
}
