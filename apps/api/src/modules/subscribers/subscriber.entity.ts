import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '@hotpath/contracts';
import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { FieldEntity } from '../fields/field.entity';

@Entity({ name: 'subscribers' })
@Index('ix_subscribers_status_id', ['status', 'id'])
export class SubscriberEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  /** Trimmed and lower-case; the unique index decides whether a subscriber exists. */
  @Index('uq_subscribers_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'last_name', type: 'varchar', length: 255 })
  lastName!: string;

  @Column({ type: 'enum', enum: SUBSCRIBER_STATUSES, default: 'unconfirmed' })
  status!: SubscriberStatus;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}

@Entity({ name: 'subscriber_field_values' })
export class SubscriberFieldValueEntity {
  @ForeignKey(() => SubscriberEntity, {
    name: 'fk_sfv_subscriber',
    onDelete: 'CASCADE',
    onUpdate: 'RESTRICT',
  })
  @Column({ name: 'subscriber_id', type: 'bigint', unsigned: true, primary: true })
  subscriberId!: string;

  @ForeignKey(() => FieldEntity, { name: 'fk_sfv_field', onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @Index('ix_subscriber_field_values_field')
  @Column({ name: 'field_id', type: 'int', unsigned: true, primary: true })
  fieldId!: number;

  @Column({ type: 'varchar', length: 1000 })
  value!: string;
}

/** Per-status counts split over shards, so `total` never needs COUNT(*) over the table. */
@Entity({ name: 'subscriber_status_counts' })
export class SubscriberStatusCountEntity {
  @Column({ type: 'enum', enum: SUBSCRIBER_STATUSES, primary: true })
  status!: SubscriberStatus;

  @Column({ type: 'tinyint', unsigned: true, primary: true })
  shard!: number;

  @Column({ type: 'bigint', default: 0 })
  count!: string;
}
