import { Check, Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One accepted payment. Rows are only ever inserted, in batches, by PaymentsRepository.commitBatch. */
@Entity({ name: 'payments' })
@Check('ck_payments_amount', 'amount_cents BETWEEN 1 AND 100000000000')
export class PaymentEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  /** Integer cents, 1 to 100,000,000,000. */
  @Column({ name: 'amount_cents', type: 'bigint', unsigned: true })
  amountCents!: string;

  @Column({ type: 'char', length: 3, charset: 'ascii', collation: 'ascii_bin' })
  currency!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

/** Per-second, per-shard aggregates of one currency's payments; statistics sum these, never the payments. */
@Entity({ name: 'payment_stats_seconds' })
export class PaymentStatsSecondEntity {
  @PrimaryColumn({ type: 'char', length: 3, charset: 'ascii', collation: 'ascii_bin' })
  currency!: string;

  /** Unix time in whole seconds. */
  @PrimaryColumn({ name: 'bucket_second', type: 'bigint' })
  bucketSecond!: string;

  @PrimaryColumn({ type: 'tinyint', unsigned: true })
  shard!: number;

  @Column({ type: 'int', unsigned: true })
  count!: number;

  @Column({ name: 'total_cents', type: 'bigint', unsigned: true })
  totalCents!: string;

  @Column({ name: 'min_cents', type: 'bigint', unsigned: true })
  minCents!: string;

  @Column({ name: 'max_cents', type: 'bigint', unsigned: true })
  maxCents!: string;
}

/** The first answer to an Idempotency-Key; expired rows (24 h) are ignored and pruned by the maintenance job. */
@Entity({ name: 'payment_idempotency_keys' })
@Index('ix_payment_idempotency_keys_created_at', ['createdAt'])
export class PaymentIdempotencyKeyEntity {
  @PrimaryColumn({
    name: 'idempotency_key',
    type: 'varchar',
    length: 255,
    charset: 'ascii',
    collation: 'ascii_bin',
  })
  key!: string;

  @Column({ name: 'request_hash', type: 'char', length: 64, charset: 'ascii', collation: 'ascii_bin' })
  requestHash!: string;

  @Column({ name: 'payment_id', type: 'bigint', unsigned: true })
  paymentId!: string;

  @Column({ name: 'status_code', type: 'smallint', unsigned: true })
  statusCode!: number;

  @Column({ name: 'response_body', type: 'text', charset: 'utf8mb4', collation: 'utf8mb4_bin' })
  responseBody!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
