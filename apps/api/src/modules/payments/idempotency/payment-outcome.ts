import type { KeyAnswer, KeyDecision } from './idempotency-key';

/** What a payment request comes to. Only the controller turns it into a status and a body. */
export type PaymentOutcome =
  /** Committed now; `answer` is what the request's serialiser made of it (stored for its key, if any). */
  | { kind: 'created'; answer: KeyAnswer }
  /** The stored answer to an earlier request with the same Idempotency-Key: nothing created. */
  | { kind: 'replayed'; answer: KeyAnswer }
  /** The Idempotency-Key was used for a different request: nothing created. */
  | { kind: 'key-reused' };

/** A payment request that got an answer: created now, or the stored answer to its Idempotency-Key. */
export type AnsweredPayment = Exclude<PaymentOutcome, { kind: 'key-reused' }>;

/** The outcome of each request of a batch, in order: `created` holds the answers of the `new` ones, in order. */
export function outcomesOf(
  decisions: readonly KeyDecision[],
  created: readonly KeyAnswer[],
): PaymentOutcome[] {
  let next = 0;
  return decisions.map((decision): PaymentOutcome => {
    switch (decision.kind) {
      case 'new': {
        const answer = created[next++];
        if (answer === undefined) throw new Error('a created payment has no answer');
        return { kind: 'created', answer };
      }
      case 'replay':
        return { kind: 'replayed', answer: decision.answer };
      case 'key-reused':
        return { kind: 'key-reused' };
    }
  });
}
