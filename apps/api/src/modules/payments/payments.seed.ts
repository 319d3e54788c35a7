import type { INestApplicationContext } from '@nestjs/common';
import {
  createPaymentSchema,
  DEFAULT_CURRENCY,
  PAYMENT_STATS_MAX_WINDOW_SECONDS,
  type CreatePaymentRequest,
} from '@hotpath/contracts';
import { paymentCreatedAnswer } from './payment-reply';
import { PaymentsService } from './payments.service';

const DEMO_PAYMENTS: CreatePaymentRequest[] = [
  { amount: '15.50' },
  { amount: 9.99 },
  { amount: '120.00' },
  { amount: '4.75' },
  { amount: 42 },
  { amount: '0.99' },
  { amount: '250.00', currency: 'USD' },
  { amount: '18.20' },
  { amount: '73.40' },
  { amount: '12.00', currency: 'GBP' },
];

/**
 * A few payments so the dashboard has something to show: added whenever the last hour has no EUR payment,
 * so a seed run always leaves figures in the hour-long statistics window (the shorter ones may be empty).
 */
export async function seedPayments(app: INestApplicationContext): Promise<string> {
  const payments = app.get(PaymentsService);
  const lastHour = await payments.statistics({
    currency: DEFAULT_CURRENCY,
    window: PAYMENT_STATS_MAX_WINDOW_SECONDS,
  });
  if (lastHour.count > 0)
    return `${lastHour.count} ${DEFAULT_CURRENCY} payments in the last hour already; none added`;
  await Promise.all(
    DEMO_PAYMENTS.map((demo) =>
      payments.create(createPaymentSchema.parse(demo), undefined, paymentCreatedAnswer),
    ),
  );
  return `${DEMO_PAYMENTS.length} payments added`;
}
