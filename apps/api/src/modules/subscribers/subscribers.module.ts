import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { registerQueues } from '../../core/queue/queue.module';
import { QueueName } from '../../core/queue/queue-names';
import { FieldsModule } from '../fields/fields.module';
import { EmailDomainChecker } from './email-domain.checker';
import {
  SubscriberEntity,
  SubscriberFieldValueEntity,
  SubscriberStatusCountEntity,
} from './subscriber.entity';
import { SubscriberFieldValuesRepository } from './subscriber-field-values.repository';
import { SubscriberInsertBatcher } from './subscriber-insert.batcher';
import { SubscriberStatusCountsRepository } from './subscriber-status-counts.repository';
import { SubscribersController } from './subscribers.controller';
import { SubscribersRepository } from './subscribers.repository';
import { SubscribersService } from './subscribers.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([SubscriberEntity, SubscriberFieldValueEntity, SubscriberStatusCountEntity]),
    FieldsModule,
    registerQueues(QueueName.SubscriberDomainRecheck),
  ],
  controllers: [SubscribersController],
  providers: [
    SubscribersRepository,
    SubscriberFieldValuesRepository,
    SubscriberStatusCountsRepository,
    SubscriberInsertBatcher,
    SubscribersService,
    EmailDomainChecker,
  ],
  exports: [SubscribersService, EmailDomainChecker],
})
export class SubscribersModule {}
