import { Module } from '@nestjs/common';
import { QueueStatsRepository } from '../queue/queue-stats.repository';
import { QueueMetricsCollector } from './queue-metrics.collector';

/** The worker's metrics beyond the process defaults: queue depth and lag. */
@Module({ providers: [QueueStatsRepository, QueueMetricsCollector] })
export class WorkerMetricsModule {}
