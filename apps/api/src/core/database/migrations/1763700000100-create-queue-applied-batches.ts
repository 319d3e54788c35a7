import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateQueueAppliedBatches1763700000100 implements MigrationInterface {
  name = 'CreateQueueAppliedBatches1763700000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE queue_applied_batches (
        batch_id CHAR(36) CHARACTER SET ascii NOT NULL,
        queue VARCHAR(64) NOT NULL,
        applied_at DATETIME(3) NOT NULL,
        PRIMARY KEY (batch_id),
        KEY ix_queue_applied_batches_applied_at (applied_at)
      ) ENGINE=InnoDB`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE queue_applied_batches');
  }
}
