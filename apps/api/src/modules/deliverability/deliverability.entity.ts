import { DOMAIN_STATUSES, type DomainStatus } from '@hotpath/contracts';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One row per domain ever seen; counters only grow, and `status` follows them (set by the worker). */
@Entity({ name: 'domains' })
@Index('ix_domains_status_since', ['status', 'statusSince', 'id'])
export class DomainEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  /** Lower case, no trailing dot; ASCII. */
  @Index('uq_domains_name', { unique: true })
  @Column({ type: 'varchar', length: 253, charset: 'ascii', collation: 'ascii_bin' })
  name!: string;

  @Column({ type: 'bigint', unsigned: true, default: 0 })
  delivered!: string;

  @Column({ type: 'bigint', unsigned: true, default: 0 })
  bounced!: string;

  @Column({ type: 'enum', enum: DOMAIN_STATUSES, default: 'unknown' })
  status!: DomainStatus;

  @Column({ name: 'status_since', type: 'datetime', precision: 3 })
  statusSince!: Date;
}

/** Domains per status, sharded so that concurrent batches do not queue on one row. */
@Entity({ name: 'domain_status_counts' })
export class DomainStatusCountEntity {
  @Column({ type: 'enum', enum: DOMAIN_STATUSES, primary: true })
  status!: DomainStatus;

  @Column({ type: 'tinyint', unsigned: true, primary: true })
  shard!: number;

  @Column({ type: 'bigint', default: 0 })
  count!: string;
}
