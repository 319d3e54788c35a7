import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { registerQueues } from '../../core/queue/queue.module';
import { QueueName } from '../../core/queue/queue-names';
import { AnalyticsLiveRepository } from './analytics-live.repository';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsHourEntity, AnalyticsHourUserEntity } from './analytics.entity';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([AnalyticsHourEntity, AnalyticsHourUserEntity]),
    registerQueues(QueueName.AnalyticsEvents),
  ],
  controllers: [AnalyticsController],
  providers: [AnalyticsRepository, AnalyticsLiveRepository, AnalyticsService],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}
