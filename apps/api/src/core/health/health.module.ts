import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthProbes } from './health.probes';
import { ShutdownState } from './shutdown-state';

@Module({
  controllers: [HealthController],
  providers: [HealthProbes, ShutdownState],
  exports: [ShutdownState],
})
export class HealthModule {}
