import { Module } from '@nestjs/common';
import { PollVotesProcessor } from './poll-votes.processor';
import { PollsModule } from './polls.module';

/** The polls area's job processors; loaded by the worker entry point only. */
@Module({ imports: [PollsModule], providers: [PollVotesProcessor] })
export class PollsWorkerModule {}
