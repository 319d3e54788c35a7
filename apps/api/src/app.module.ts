import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from './core/auth/auth.module';
import { HealthModule } from './core/health/health.module';
import { MetricsModule } from './core/metrics/metrics.module';
import { platformModules, type ConfigOverrides } from './core/platform.module';
import { FieldsModule } from './modules/fields/fields.module';
import { PollsModule } from './modules/polls/polls.module';
import { SubscribersModule } from './modules/subscribers/subscribers.module';
import { DeliverabilityModule } from './modules/deliverability/deliverability.module';
import { AnalyticsModule } from './modules/analytics/analytics.module';
import { PaymentsModule } from './modules/payments/payments.module';

/** The HTTP API's feature modules; each area adds its own here. */
const FEATURE_MODULES = [
  HealthModule,
  AuthModule,
  MetricsModule,
  FieldsModule,
  SubscribersModule,
  PollsModule,
  DeliverabilityModule,
  AnalyticsModule,
  PaymentsModule,
];

@Module({})
export class AppModule {
  static forRoot(overrides: ConfigOverrides = {}): DynamicModule {
    return { module: AppModule, imports: [...(platformModules(overrides) ?? []), ...FEATURE_MODULES] };
  }
}
