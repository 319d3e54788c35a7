import { HttpStatus } from '@nestjs/common';
import { formatCents, type Envelope, type Payment } from '@hotpath/contracts';
import type { PaymentAnswer, PaymentRecord } from './payments.repository';

export function toPayment(record: PaymentRecord): Payment {
  return {
    id: record.id,
    amount: formatCents(record.amountCents),
    currency: record.currency,
    createdAt: record.createdAt.toISOString(),
  };
}

/** The 201 of a created payment, serialised once: sent as it is and stored for its Idempotency-Key. */
export function paymentCreatedAnswer(record: PaymentRecord): PaymentAnswer {
  const body: Envelope<Payment> = { data: toPayment(record) };
  return { statusCode: HttpStatus.CREATED, body: JSON.stringify(body) };
}
