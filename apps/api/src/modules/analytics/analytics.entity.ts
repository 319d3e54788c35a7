import { Column, Entity } from 'typeorm';

/** One UTC hour's figures (hours numbered from the epoch); the record every read falls back to. */
@Entity({ name: 'analytics_hours' })
export class AnalyticsHourEntity {
  @Column({ type: 'int', unsigned: true, primary: true })
  hour!: number;

  @Column({ name: 'unique_users', type: 'bigint', unsigned: true, default: 0 })
  uniqueUsers!: string;

  @Column({ type: 'bigint', unsigned: true, default: 0 })
  clicks!: string;

  @Column({ type: 'bigint', unsigned: true, default: 0 })
  impressions!: string;

  /** Batches applied to the hour so far; orders the copies of this row kept in Redis. */
  @Column({ type: 'bigint', unsigned: true, default: 0 })
  version!: string;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}

/** A user seen in an hour; the primary key is what makes unique users exact. */
@Entity({ name: 'analytics_hour_users' })
export class AnalyticsHourUserEntity {
  @Column({ type: 'int', unsigned: true, primary: true })
  hour!: number;

  /** The name's UTF-8 bytes, compared as bytes. */
  @Column({ type: 'varbinary', length: 1020, primary: true })
  username!: Buffer;
}
