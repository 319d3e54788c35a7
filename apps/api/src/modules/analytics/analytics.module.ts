import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalyticsEventsProducer } from './analytics-events.producer';
import { AnalyticsLiveRepository } from './analytics-live.repository';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsHourEntity, AnalyticsHourUserEntity } from './analytics.entity';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';

@Module({
  imports: [TypeOrmModule.forFeature([AnalyticsHourEntity, AnalyticsHourUserEntity])],
  controllers: [AnalyticsController],
  providers: [AnalyticsRepository, AnalyticsLiveRepository, AnalyticsEventsProducer, AnalyticsService],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}
