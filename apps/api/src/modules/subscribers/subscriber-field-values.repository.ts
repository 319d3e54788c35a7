import { Injectable } from '@nestjs/common';
import type { FieldType, FieldValue } from '@hotpath/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { ReplicaReads } from '../../core/database/replica-reads';
import type { FieldEntity } from '../fields/field.entity';
import type { SubscriberFieldValueEntity } from './subscriber.entity';

/** A field value to store, or null to remove it. */
export interface FieldValueChange {
  fieldId: number;
  value: string | null;
}

type ValueRow = Pick<SubscriberFieldValueEntity, 'subscriberId' | 'value'> &
  Pick<FieldEntity, 'key' | 'type'>;

/** A stored value (always text) as the field's type. */
export function decodeValue(type: FieldType, value: string): FieldValue {
  switch (type) {
    case 'number':
      return Number(value);
    case 'boolean':
      return value === 'true';
    case 'date':
    case 'string':
      return value;
  }
}

/** The custom field values of subscribers: written in the subscriber's transaction, read by subscriber ids. */
@Injectable()
export class SubscriberFieldValuesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly replicas: ReplicaReads,
  ) {}

  /** Upserts the values given and deletes those set to null, inside the caller's transaction. */
  async write(
    manager: EntityManager,
    subscriberId: number | SubscriberFieldValueEntity['subscriberId'],
    values: readonly FieldValueChange[],
  ): Promise<void> {
    const upserts = values.filter((entry) => entry.value !== null);
    const removals = values.filter((entry) => entry.value === null).map((entry) => entry.fieldId);
    if (upserts.length > 0) {
      await manager.query(
        `INSERT INTO subscriber_field_values (subscriber_id, field_id, value) VALUES ${upserts.map(() => '(?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE value = VALUES(value)`,
        upserts.flatMap((entry) => [subscriberId, entry.fieldId, entry.value]),
      );
    }
    if (removals.length > 0) {
      await manager.query('DELETE FROM subscriber_field_values WHERE subscriber_id = ? AND field_id IN (?)', [
        subscriberId,
        removals,
      ]);
    }
  }

  /**
   * The decoded values of these subscribers by id, keyed by field key; subscribers without values are absent.
   * `from` follows the rows they complete: a record read from the primary (and cached) must not get a lagging
   * replica's values.
   */
  async readMany(
    subscriberIds: ReadonlyArray<SubscriberFieldValueEntity['subscriberId']>,
    from: 'primary' | 'replica',
  ): Promise<Map<number, Record<string, FieldValue>>> {
    const reader = from === 'primary' ? this.dataSource : this.replicas;
    const values: ValueRow[] = await reader.query(
      `SELECT v.subscriber_id AS subscriberId, f.field_key AS \`key\`, f.type, v.value
       FROM subscriber_field_values v JOIN fields f ON f.id = v.field_id
       WHERE v.subscriber_id IN (?)`,
      [subscriberIds],
    );
    const bySubscriber = new Map<number, Record<string, FieldValue>>();
    for (const value of values) {
      const id = Number(value.subscriberId);
      const fields = bySubscriber.get(id) ?? {};
      fields[value.key] = decodeValue(value.type, value.value);
      bySubscriber.set(id, fields);
    }
    return bySubscriber;
  }
}
