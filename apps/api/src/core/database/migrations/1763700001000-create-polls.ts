import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePolls1763700001000 implements MigrationInterface {
  name = 'CreatePolls1763700001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // `ballots` is kept by the worker beside the option totals, so results never need COUNT(*) over ballots.
    await queryRunner.query(`
      CREATE TABLE polls (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        question VARCHAR(500) NOT NULL,
        multiple_choice TINYINT(1) NOT NULL,
        unique_voters TINYINT(1) NOT NULL DEFAULT 0,
        ballots BIGINT UNSIGNED NOT NULL DEFAULT 0,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE poll_options (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        poll_id BIGINT UNSIGNED NOT NULL,
        position TINYINT UNSIGNED NOT NULL,
        label VARCHAR(200) NOT NULL,
        votes BIGINT UNSIGNED NOT NULL DEFAULT 0,
        PRIMARY KEY (id),
        UNIQUE KEY uq_poll_options_position (poll_id, position),
        CONSTRAINT fk_poll_options_poll FOREIGN KEY (poll_id) REFERENCES polls (id) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // The audit record of every counted ballot. No foreign key to polls: its shared lock on the poll row
    // would deadlock two batches that then both raise that row's ballot counter.
    // voter_id compares byte for byte (utf8mb4_bin), exactly as the Redis reservation does; unique_voter_id
    // repeats it only on one-ballot-per-voter polls, so the unique index is the last guard there and
    // nowhere else (NULLs never collide).
    await queryRunner.query(`
      CREATE TABLE ballots (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        ballot_id CHAR(36) CHARACTER SET ascii NOT NULL,
        poll_id BIGINT UNSIGNED NOT NULL,
        option_ids VARCHAR(500) CHARACTER SET ascii NOT NULL,
        voter_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
        unique_voter_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_ballots_ballot_id (ballot_id),
        UNIQUE KEY uq_ballots_poll_unique_voter (poll_id, unique_voter_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ballots');
    await queryRunner.query('DROP TABLE poll_options');
    await queryRunner.query('DROP TABLE polls');
  }
}
