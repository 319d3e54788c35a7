import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAnalytics1763700004000 implements MigrationInterface {
  name = 'CreateAnalytics1763700004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per UTC hour (hours numbered from the epoch). `version` counts the batches applied to the
    // hour; the worker copies the row with its version to Redis, where a higher version always wins.
    await queryRunner.query(`
      CREATE TABLE analytics_hours (
        hour INT UNSIGNED NOT NULL,
        unique_users BIGINT UNSIGNED NOT NULL DEFAULT 0,
        clicks BIGINT UNSIGNED NOT NULL DEFAULT 0,
        impressions BIGINT UNSIGNED NOT NULL DEFAULT 0,
        version BIGINT UNSIGNED NOT NULL DEFAULT 0,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (hour)
      ) ENGINE=InnoDB`);
    // Who was seen in which hour: the primary key makes unique users exact. Names are compared as bytes
    // (no collation folds case, accents or trailing spaces), as Redis and the clients compare them.
    await queryRunner.query(`
      CREATE TABLE analytics_hour_users (
        hour INT UNSIGNED NOT NULL,
        username VARBINARY(1020) NOT NULL,
        PRIMARY KEY (hour, username)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE analytics_hour_users');
    await queryRunner.query('DROP TABLE analytics_hours');
  }
}
