import { formatCents, type Payment } from '@hotpath/contracts';
import type { AsNumbers } from '../../core/database/entity-rows';
import type { KeyAnswer } from './idempotency/idempotency-key';
import type { PaymentEntity } from './payment.entity';

/** A `payments` row as selected: columns under their entity property names. */
export type PaymentRow = Pick<PaymentEntity, 'id' | 'amountCents' | 'currency' | 'createdAt'>;

/** A stored payment as the service sees it: id and amount as numbers. */
export type PaymentRecord = AsNumbers<PaymentRow, 'id' | 'amountCents'>;

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
