import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { registerQueues } from '../../core/queue/queue.module';
import { QueueName } from '../../core/queue/queue-names';
import { BallotEntity, PollEntity, PollOptionEntity } from './poll.entity';
import { PollsController } from './polls.controller';
import { PollsRepository } from './polls.repository';
import { PollsService } from './polls.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([PollEntity, PollOptionEntity, BallotEntity]),
    registerQueues(QueueName.PollVotes),
  ],
  controllers: [PollsController],
  providers: [PollsRepository, PollsService],
  exports: [PollsRepository, PollsService],
})
export class PollsModule {}
