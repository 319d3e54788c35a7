import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A poll's definition and its ballot counter. */
@Entity({ name: 'polls' })
export class PollEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ type: 'varchar', length: 500 })
  question!: string;

  /** 0 or 1: a TINYINT(1) reaches JavaScript as a number. */
  @Column({ name: 'multiple_choice', type: 'tinyint' })
  multipleChoice!: number;

  /** 0 or 1. */
  @Column({ name: 'unique_voters', type: 'tinyint', default: 0 })
  uniqueVoters!: number;

  /** Ballots counted, raised by the worker in the transaction that stores them. */
  @Column({ type: 'bigint', unsigned: true, default: 0 })
  ballots!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}

@Entity({ name: 'poll_options' })
@Index('uq_poll_options_position', ['pollId', 'position'], { unique: true })
export class PollOptionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @ForeignKey(() => PollEntity, { name: 'fk_poll_options_poll', onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @Column({ name: 'poll_id', type: 'bigint', unsigned: true })
  pollId!: string;

  @Column({ type: 'tinyint', unsigned: true })
  position!: number;

  @Column({ type: 'varchar', length: 200 })
  label!: string;

  /** Ballots naming this option, raised by the worker in the transaction that stores them. */
  @Column({ type: 'bigint', unsigned: true, default: 0 })
  votes!: string;
}

/** One counted ballot, for audit: written by the worker in batches, never by the request path. */
@Entity({ name: 'ballots' })
@Index('uq_ballots_poll_unique_voter', ['pollId', 'uniqueVoterId'], { unique: true })
export class BallotEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  /** Given by the API when it accepts the ballot. */
  @Index('uq_ballots_ballot_id', { unique: true })
  @Column({ name: 'ballot_id', type: 'char', length: 36, charset: 'ascii' })
  ballotId!: string;

  @Column({ name: 'poll_id', type: 'bigint', unsigned: true })
  pollId!: string;

  /** The chosen option ids as a JSON array, e.g. `[12,14]`. */
  @Column({ name: 'option_ids', type: 'varchar', length: 500, charset: 'ascii' })
  optionIds!: string;

  @Column({
    name: 'voter_id',
    type: 'varchar',
    length: 128,
    charset: 'utf8mb4',
    collation: 'utf8mb4_bin',
    nullable: true,
  })
  voterId!: string | null;

  /** voter_id on a one-ballot-per-voter poll, else null: what the unique index guards. */
  @Column({
    name: 'unique_voter_id',
    type: 'varchar',
    length: 128,
    charset: 'utf8mb4',
    collation: 'utf8mb4_bin',
    nullable: true,
  })
  uniqueVoterId!: string | null;

  /** When the API accepted the ballot. */
  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
