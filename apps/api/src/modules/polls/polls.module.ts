import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BallotEntity, PollEntity, PollOptionEntity } from './poll.entity';
import { PollsController } from './polls.controller';
import { PollsRepository } from './polls.repository';
import { PollsService } from './polls.service';

@Module({
  imports: [TypeOrmModule.forFeature([PollEntity, PollOptionEntity, BallotEntity])],
  controllers: [PollsController],
  providers: [PollsRepository, PollsService],
  exports: [PollsRepository, PollsService],
})
export class PollsModule {}
