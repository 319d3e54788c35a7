import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule } from './core/health/health.module';
import { platformModules, type ConfigOverrides } from './core/platform.module';
import { FieldsModule } from './modules/fields/fields.module';
import { SubscribersModule } from './modules/subscribers/subscribers.module';

/** The HTTP API's feature modules; each area adds its own here. */
const FEATURE_MODULES = [HealthModule, FieldsModule, SubscribersModule];

@Module({})
export class AppModule {
  static forRoot(overrides: ConfigOverrides = {}): DynamicModule {
    return { module: AppModule, imports: [...(platformModules(overrides) ?? []), ...FEATURE_MODULES] };
  }
}
