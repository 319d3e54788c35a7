import type { PaymentOutcome } from './payment-outcome';

interface Ahead {
  requestHash: string;
  outcome: Promise<PaymentOutcome>;
}

/**
 * Requests with the same Idempotency-Key never share or race a batch within this process: a later one waits
 * for the earlier one and is answered from its outcome; between processes the key's primary key decides.
 */
export class KeysInFlight {
  private readonly ahead = new Map<string, Ahead>();

  /** The outcome of `start()`, or of the earlier request with this key when it stored an answer. */
  async run(
    idempotency: { key: string; requestHash: string },
    start: () => Promise<PaymentOutcome>,
  ): Promise<PaymentOutcome> {
    const ahead = this.ahead.get(idempotency.key);
    if (ahead !== undefined) {
      const earlier = await ahead.outcome.catch(() => undefined);
      if (earlier !== undefined && earlier.kind !== 'key-reused') {
        // The earlier request stored this answer for the key, so it is the key's answer.
        return ahead.requestHash === idempotency.requestHash
          ? { kind: 'replayed', answer: earlier.answer }
          : { kind: 'key-reused' };
      }
      // The earlier one failed, or was itself refused: this one asks the database for itself.
      return this.run(idempotency, start);
    }
    const entry: Ahead = { requestHash: idempotency.requestHash, outcome: start() };
    this.ahead.set(idempotency.key, entry);
    try {
      return await entry.outcome;
    } finally {
      if (this.ahead.get(idempotency.key) === entry) this.ahead.delete(idempotency.key);
    }
  }
}
