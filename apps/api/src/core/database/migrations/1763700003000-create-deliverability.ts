import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = "'unknown','catch-all','not catch-all'";

export class CreateDeliverability1763700003000 implements MigrationInterface {
  name = 'CreateDeliverability1763700003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Host names are ASCII (IDNs travel as punycode) and stored lower-case: one byte per character, binary compare.
    // `status` is derived from the counts by the worker in the same transaction that changes them.
    await queryRunner.query(`
      CREATE TABLE domains (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        name VARCHAR(253) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        delivered BIGINT UNSIGNED NOT NULL DEFAULT 0,
        bounced BIGINT UNSIGNED NOT NULL DEFAULT 0,
        status ENUM(${STATUSES}) NOT NULL DEFAULT 'unknown',
        status_since DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_domains_name (name),
        KEY ix_domains_status_since (status, status_since, id)
      ) ENGINE=InnoDB`);
    // Domains per status, split over shards so concurrent batches update different rows.
    await queryRunner.query(`
      CREATE TABLE domain_status_counts (
        status ENUM(${STATUSES}) NOT NULL,
        shard TINYINT UNSIGNED NOT NULL,
        count BIGINT NOT NULL DEFAULT 0,
        PRIMARY KEY (status, shard)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE domain_status_counts');
    await queryRunner.query('DROP TABLE domains');
  }
}
