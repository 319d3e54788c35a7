import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig } from './app-config';
import { loadEnv } from './load-env';
import type { Env } from './env.schema';

@Global()
@Module({})
export class ConfigModule {
  /** Validates the environment at boot; `overrides` lets tests point a module at their own database. */
  static forRoot(overrides: Partial<Record<keyof Env, string>> = {}): DynamicModule {
    const env = loadEnv(overrides);
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: new AppConfig(env) }],
      exports: [AppConfig],
    };
  }
}
