import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { registerQueues } from '../../core/queue/queue.module';
import { QueueName } from '../../core/queue/queue-names';
import { DeliverabilityController } from './deliverability.controller';
import { DomainEntity, DomainStatusCountEntity } from './deliverability.entity';
import { DeliverabilityService } from './deliverability.service';
import { DomainCountersRepository } from './domain-counters.repository';
import { DomainsRepository } from './domains.repository';
import { EventQueueRepository } from './event-queue.repository';
import { NdjsonBodyParser } from './ndjson.body-parser';

/** Catch-all detection from delivery events (issue 5): the seed's routes, batches, listing and summary. */
@Module({
  imports: [
    TypeOrmModule.forFeature([DomainEntity, DomainStatusCountEntity]),
    registerQueues(QueueName.DeliverabilityEvents, QueueName.DeliverabilityRefill),
  ],
  controllers: [DeliverabilityController],
  providers: [
    DeliverabilityService,
    DomainsRepository,
    DomainCountersRepository,
    EventQueueRepository,
    NdjsonBodyParser,
  ],
  exports: [DeliverabilityService],
})
export class DeliverabilityModule {}
