import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { QueueStatsRepository } from '../queue/queue-stats.repository';
import { RequestLog } from './request-log';
import { TrafficController } from './traffic.controller';
import { TrafficRecorder } from './traffic.recorder';
import { TrafficRepository } from './traffic.repository';

/** The API's request observation: per-step traffic in Redis, GET /system/traffic and the request log. */
@Module({
  controllers: [TrafficController],
  providers: [
    TrafficRecorder,
    TrafficRepository,
    QueueStatsRepository,
    {
      provide: RequestLog,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new RequestLog(config.get('LOG_REQUESTS')),
    },
  ],
  exports: [TrafficRecorder, RequestLog],
})
export class MetricsModule {}
