import { Module } from '@nestjs/common';
import { QueueMaintenanceProcessor } from './queue-maintenance.processor';

/** Housekeeping of the queue layer itself; loaded by the worker only. */
@Module({ providers: [QueueMaintenanceProcessor] })
export class QueueMaintenanceModule {}
