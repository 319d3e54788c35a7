import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = "'active','unsubscribed','junk','bounced','unconfirmed'";

export class CreateSubscribers1763700000000 implements MigrationInterface {
  name = 'CreateSubscribers1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE subscribers (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        email VARCHAR(254) NOT NULL,
        name VARCHAR(255) NOT NULL,
        last_name VARCHAR(255) NOT NULL,
        status ENUM(${STATUSES}) NOT NULL DEFAULT 'unconfirmed',
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_subscribers_email (email),
        KEY ix_subscribers_status_id (status, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE fields (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        field_key VARCHAR(64) NOT NULL,
        title VARCHAR(100) NOT NULL,
        type ENUM('date','number','string','boolean') NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_fields_key (field_key)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await queryRunner.query(`
      CREATE TABLE subscriber_field_values (
        subscriber_id BIGINT UNSIGNED NOT NULL,
        field_id INT UNSIGNED NOT NULL,
        value VARCHAR(1000) NOT NULL,
        PRIMARY KEY (subscriber_id, field_id),
        KEY ix_subscriber_field_values_field (field_id),
        CONSTRAINT fk_sfv_subscriber FOREIGN KEY (subscriber_id) REFERENCES subscribers (id) ON DELETE CASCADE,
        CONSTRAINT fk_sfv_field FOREIGN KEY (field_id) REFERENCES fields (id) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // Sharded counters: concurrent inserts of one status update different rows instead of queueing on one.
    await queryRunner.query(`
      CREATE TABLE subscriber_status_counts (
        status ENUM(${STATUSES}) NOT NULL,
        shard TINYINT UNSIGNED NOT NULL,
        count BIGINT NOT NULL DEFAULT 0,
        PRIMARY KEY (status, shard)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE subscriber_status_counts');
    await queryRunner.query('DROP TABLE subscriber_field_values');
    await queryRunner.query('DROP TABLE fields');
    await queryRunner.query('DROP TABLE subscribers');
  }
}
