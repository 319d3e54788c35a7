import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePayments1763700002000 implements MigrationInterface {
  name = 'CreatePayments1763700002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Money in integer cents, never a float; 1 cent to 1,000,000,000.00.
    await queryRunner.query(`
      CREATE TABLE payments (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        amount_cents BIGINT UNSIGNED NOT NULL,
        currency CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        CONSTRAINT ck_payments_amount CHECK (amount_cents BETWEEN 1 AND 100000000000)
      ) ENGINE=InnoDB`);
    // Per-second aggregates written in the payment's own transaction; split over shards so that concurrent
    // batches of the same second update different rows. Statistics read at most window x shards rows.
    await queryRunner.query(`
      CREATE TABLE payment_stats_seconds (
        currency CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        bucket_second BIGINT NOT NULL,
        shard TINYINT UNSIGNED NOT NULL,
        count INT UNSIGNED NOT NULL,
        total_cents BIGINT UNSIGNED NOT NULL,
        min_cents BIGINT UNSIGNED NOT NULL,
        max_cents BIGINT UNSIGNED NOT NULL,
        PRIMARY KEY (currency, bucket_second, shard)
      ) ENGINE=InnoDB`);
    // The first answer to each Idempotency-Key, written in the same transaction as its payment.
    await queryRunner.query(`
      CREATE TABLE payment_idempotency_keys (
        idempotency_key VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        request_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        payment_id BIGINT UNSIGNED NOT NULL,
        status_code SMALLINT UNSIGNED NOT NULL,
        response_body TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (idempotency_key),
        KEY ix_payment_idempotency_keys_created_at (created_at)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE payment_idempotency_keys');
    await queryRunner.query('DROP TABLE payment_stats_seconds');
    await queryRunner.query('DROP TABLE payments');
  }
}
