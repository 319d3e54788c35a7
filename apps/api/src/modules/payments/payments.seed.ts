import type { INestApplicationContext } from '@nestjs/common';
import { createPaymentSchema, type CreatePaymentRequest } from '@hotpath/contracts';
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

/** A few payments so the dashboard has something to show; added only while there are no payments at all. */
export async function seedPayments(app: INestApplicationContext): Promise<string> {
  const payments = app.get(PaymentsService);
  if ((await payments.list({ limit: 1 })).data.length > 0) return 'payments exist already; none added';
  await Promise.all(DEMO_PAYMENTS.map((demo) => payments.create(createPaymentSchema.parse(demo), undefined)));
  return `${DEMO_PAYMENTS.length} payments added`;
}
