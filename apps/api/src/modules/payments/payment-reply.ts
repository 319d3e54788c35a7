import { HttpStatus } from '@nestjs/common';
import type { Envelope, Payment } from '@hotpath/contracts';
import type { FastifyReply } from 'fastify';
import type { KeyAnswer } from './idempotency/idempotency-key';
import type { AnsweredPayment } from './idempotency/payment-outcome';
import { toPayment, type PaymentRecord } from './payment-record';

/** The 201 of a created payment, serialised once: sent as it is and stored for its Idempotency-Key. */
export function paymentCreatedAnswer(record: PaymentRecord): KeyAnswer {
  const body: Envelope<Payment> = { data: toPayment(record) };
  return { statusCode: HttpStatus.CREATED, body: JSON.stringify(body) };
}

/** Sends an answer serialised once (and, for a key, exactly as stored). */
export function sendPaymentReply(reply: FastifyReply, outcome: AnsweredPayment): void {
  if (outcome.kind === 'replayed') void reply.header('idempotent-replayed', 'true');
  void reply
    .status(outcome.answer.statusCode)
    .header('content-type', 'application/json; charset=utf-8')
    .send(outcome.answer.body);
}
