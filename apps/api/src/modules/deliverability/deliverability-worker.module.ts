import { Module } from '@nestjs/common';
import { DeliverabilityEventsProcessor } from './deliverability-events.processor';
import { DeliverabilityRefillProcessor } from './deliverability-refill.processor';
import { DeliverabilityModule } from './deliverability.module';

/** The deliverability area's job processors; loaded by the worker entry point only. */
@Module({
  imports: [DeliverabilityModule],
  providers: [DeliverabilityEventsProcessor, DeliverabilityRefillProcessor],
})
export class DeliverabilityWorkerModule {}
