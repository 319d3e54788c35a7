import { Module } from '@nestjs/common';
import { PaymentsMaintenanceProcessor } from './payments-maintenance.processor';
import { PaymentsModule } from './payments.module';

/** The payments area's job processors; loaded by the worker entry point only. */
@Module({ imports: [PaymentsModule], providers: [PaymentsMaintenanceProcessor] })
export class PaymentsWorkerModule {}
