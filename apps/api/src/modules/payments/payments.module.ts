import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { registerQueues } from '../../core/queue/queue.module';
import { QueueName } from '../../core/queue/queue-names';
import { IdempotencyKeysRepository } from './idempotency/idempotency-keys.repository';
import { PaymentBatchWriter } from './payment-batch-writer';
import { PaymentBodyCheck } from './payment-body.check';
import { PaymentEntity, PaymentIdempotencyKeyEntity, PaymentStatsSecondEntity } from './payment.entity';
import { PaymentsClock } from './payments-clock';
import { PaymentsLegacyController } from './payments-legacy.controller';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([PaymentEntity, PaymentStatsSecondEntity, PaymentIdempotencyKeyEntity]),
    registerQueues(QueueName.PaymentsMaintenance),
  ],
  controllers: [PaymentsController, PaymentsLegacyController],
  providers: [
    PaymentsRepository,
    IdempotencyKeysRepository,
    PaymentsService,
    PaymentBatchWriter,
    PaymentsClock,
    PaymentBodyCheck,
  ],
  exports: [PaymentsService],
})
export class PaymentsModule {}
