import { createHash } from 'node:crypto';
import { IDEMPOTENCY_KEY_TTL_HOURS, type CreatePaymentInput } from '@hotpath/contracts';

export const IDEMPOTENCY_KEY_TTL_MS = IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000;

/**
 * The fingerprint of a payment request: the amount in cents and the currency after validation, so
 * `{"amount": 15.5}` and `{"amount": "15.50", "currency": "EUR"}` are the same request.
 */
export function paymentRequestHash(input: CreatePaymentInput): string {
  return createHash('sha256').update(`v1|${input.amountCents}|${input.currency}`).digest('hex');
}

/**
 * The first answer to an Idempotency-Key, as the edge serialised it. Opaque here: stored as it was sent
 * and replayed byte for byte.
 */
export interface KeyAnswer {
  statusCode: number;
  body: string;
}

/** The first answer to an Idempotency-Key, as stored beside its payment. */
export interface StoredKey extends KeyAnswer {
  key: string;
  requestHash: string;
  createdAt: Date;
}

export type KeyDecision =
  /** No live answer for the key (none, or an expired one): make the payment and store the answer. */
  | { kind: 'new' }
  /** The same request was answered before: answer it again, create nothing. */
  | { kind: 'replay'; answer: KeyAnswer }
  /** The key was used for a different request: refused, create nothing. */
  | { kind: 'key-reused' };

/**
 * Decides what a request carrying `key` gets, given what is stored for it (undefined: nothing).
 * A stored answer older than the TTL counts as absent; the caller removes it before storing the new one.
 */
export function decideKey(stored: StoredKey | undefined, requestHash: string, nowMs: number): KeyDecision {
  if (stored === undefined || isExpired(stored, nowMs)) return { kind: 'new' };
  if (stored.requestHash !== requestHash) return { kind: 'key-reused' };
  return { kind: 'replay', answer: { statusCode: stored.statusCode, body: stored.body } };
}

export function isExpired(stored: StoredKey, nowMs: number): boolean {
  return stored.createdAt.getTime() <= nowMs - IDEMPOTENCY_KEY_TTL_MS;
}
