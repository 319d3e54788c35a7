import { Module, type DynamicModule } from '@nestjs/common';
import { platformModules, type ConfigOverrides } from './core/platform.module';
import { SubscribersWorkerModule } from './modules/subscribers/subscribers-worker.module';

/** The worker's processor modules; each area adds its own here. */
const WORKER_MODULES = [SubscribersWorkerModule];

@Module({})
export class WorkerModule {
  static forRoot(overrides: ConfigOverrides = {}): DynamicModule {
    return { module: WorkerModule, imports: [...(platformModules(overrides) ?? []), ...WORKER_MODULES] };
  }
}
