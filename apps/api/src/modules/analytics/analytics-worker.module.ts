import { Module } from '@nestjs/common';
import { AnalyticsEventsProcessor } from './analytics-events.processor';
import { AnalyticsModule } from './analytics.module';

/** The analytics area's job processors; loaded by the worker entry point only. */
@Module({ imports: [AnalyticsModule], providers: [AnalyticsEventsProcessor] })
export class AnalyticsWorkerModule {}
