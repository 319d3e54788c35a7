import { Module } from '@nestjs/common';
import { DomainRecheckProcessor } from './domain-recheck.processor';
import { SubscribersModule } from './subscribers.module';

/** The subscribers area's job processors; loaded by the worker entry point only. */
@Module({ imports: [SubscribersModule], providers: [DomainRecheckProcessor] })
export class SubscribersWorkerModule {}
