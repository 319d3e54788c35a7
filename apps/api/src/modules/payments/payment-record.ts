import { formatCents, type Payment } from '@hotpath/contracts';
import type { KeyAnswer } from './idempotency/idempotency-key';

export interface PaymentRecord {
  id: number;
  amountCents: number;
  currency: string;
  createdAt: Date;
}

/** A payment waiting for its batch to commit. */
export interface PendingPayment {
  amountCents: number;
  currency: string;
  idempotency?: { key: string; requestHash: string };
  /** The edge's serialiser: turns the created payment into the answer sent (and stored for its key). */
  respond: (payment: PaymentRecord) => KeyAnswer;
}

export function toPayment(record: PaymentRecord): Payment {
  return {
    id: record.id,
    amount: formatCents(record.amountCents),
    currency: record.currency,
    createdAt: record.createdAt.toISOString(),
  };
}
