import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A batch id claimed by the transaction that applied it: the exactly-once guard of write-behind consumers. */
@Entity({ name: 'queue_applied_batches' })
export class AppliedBatchEntity {
  @PrimaryColumn({ name: 'batch_id', type: 'char', length: 36, charset: 'ascii' })
  batchId!: string;

  @Column({ type: 'varchar', length: 64 })
  queue!: string;

  /** Claims older than the retention are pruned by the hourly maintenance job. */
  @Index('ix_queue_applied_batches_applied_at')
  @Column({ name: 'applied_at', type: 'datetime', precision: 3 })
  appliedAt!: Date;
}
