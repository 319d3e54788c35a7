import { Module, type DynamicModule } from '@nestjs/common';
import { platformModules, type ConfigOverrides } from './core/platform.module';
import { WorkerMetricsModule } from './core/metrics/worker-metrics.module';
import { QueueMaintenanceModule } from './core/queue/queue-maintenance.module';
import { AnalyticsWorkerModule } from './modules/analytics/analytics-worker.module';
import { DeliverabilityWorkerModule } from './modules/deliverability/deliverability-worker.module';
import { PaymentsWorkerModule } from './modules/payments/payments-worker.module';
import { PollsWorkerModule } from './modules/polls/polls-worker.module';
import { SubscribersWorkerModule } from './modules/subscribers/subscribers-worker.module';

/** The worker's processor modules; each area adds its own here. */
const WORKER_MODULES = [
  WorkerMetricsModule,
  QueueMaintenanceModule,
  SubscribersWorkerModule,
  PollsWorkerModule,
  PaymentsWorkerModule,
  DeliverabilityWorkerModule,
  AnalyticsWorkerModule,
];

@Module({})
export class WorkerModule {
  static forRoot(overrides: ConfigOverrides = {}): DynamicModule {
    return { module: WorkerModule, imports: [...(platformModules(overrides) ?? []), ...WORKER_MODULES] };
  }
}
