import { Logger } from '@nestjs/common';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppConfig } from '../../config/app-config';
import type { Env } from '../../config/env.schema';
import { PaymentBatchWriter } from './payment-batch-writer';
import { decideKey, type StoredKey } from './idempotency/idempotency-key';
import type { PaymentOutcome } from './idempotency/payment-outcome';
import { PaymentNotConfirmedError } from './payment-errors';
import type { PendingPayment } from './payment-record';
import { paymentCreatedAnswer } from './payment-reply';
import { PaymentsClock } from './payments-clock';
import type { CommitOptions, PaymentsRepository } from './payments.repository';

/** An in-memory stand-in for the repository: records each batch, keeps answered keys, can be told to fail. */
class FakeRepository {
  readonly batches: PendingPayment[][] = [];
  readonly keys = new Map<string, StoredKey>();
  failures: Error[] = [];
  private nextId = 1;
  private release: (() => void) | undefined;
  private gate: Promise<void> | undefined;

  /** Holds every commit until `open()`, to see what piles up meanwhile. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release?.();
    this.gate = undefined;
  }

  async commitBatch(items: readonly PendingPayment[], options: CommitOptions): Promise<PaymentOutcome[]> {
    this.batches.push([...items]);
    if (this.gate !== undefined) await this.gate;
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    return items.map((item): PaymentOutcome => {
      const decision = item.idempotency
        ? decideKey(
            this.keys.get(item.idempotency.key),
            item.idempotency.requestHash,
            options.createdAt.getTime(),
          )
        : { kind: 'new' as const };
      if (decision.kind === 'replay') return { kind: 'replayed', answer: decision.answer };
      if (decision.kind === 'key-reused') return { kind: 'key-reused' };
      const answer = item.respond({
        id: this.nextId++,
        amountCents: item.amountCents,
        currency: item.currency,
        createdAt: options.createdAt,
      });
      if (item.idempotency) {
        this.keys.set(item.idempotency.key, {
          key: item.idempotency.key,
          requestHash: item.idempotency.requestHash,
          createdAt: options.createdAt,
          ...answer,
        });
      }
      return { kind: 'created', answer };
    });
  }
}

function writerWith(repository: FakeRepository, env: Partial<Env> = {}): PaymentBatchWriter {
  const config = new AppConfig({
    PAYMENT_BATCH_MAX_SIZE: 50,
    PAYMENT_BATCH_MAX_WAIT_MS: 2,
    DATABASE_POOL_SIZE: 4,
    ...env,
  } as Env);
  return new PaymentBatchWriter(repository as unknown as PaymentsRepository, new PaymentsClock(), config);
}

const payment = (amountCents: number, key?: string, requestHash = `hash-${amountCents}`): PendingPayment => ({
  amountCents,
  currency: 'EUR',
  respond: paymentCreatedAnswer,
  ...(key === undefined ? {} : { idempotency: { key, requestHash } }),
});

const deadlock = Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 });

beforeAll(() => {
  // The failures below are meant; their error logs are not.
  Logger.overrideLogger(false);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('PaymentBatchWriter', () => {
  it('commits concurrent payments together and answers each with its own payment', async () => {
    const repository = new FakeRepository();
    const writer = writerWith(repository);
    const outcomes = await Promise.all([100, 200, 300].map((cents) => writer.submit(payment(cents))));
    expect(repository.batches).toHaveLength(1);
    expect(
      outcomes.map((outcome) => outcome.kind === 'created' && (JSON.parse(outcome.answer.body) as unknown)),
    ).toEqual([
      { data: expect.objectContaining({ id: 1, amount: '1.00' }) },
      { data: expect.objectContaining({ id: 2, amount: '2.00' }) },
      { data: expect.objectContaining({ id: 3, amount: '3.00' }) },
    ]);
  });

  it('waits at most the batching window before committing', async () => {
    vi.useFakeTimers();
    const repository = new FakeRepository();
    const writer = writerWith(repository, { PAYMENT_BATCH_MAX_WAIT_MS: 5 });
    const pending = writer.submit(payment(100));
    await vi.advanceTimersByTimeAsync(4);
    expect(repository.batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(repository.batches).toHaveLength(1);
    await expect(pending).resolves.toMatchObject({ kind: 'created', answer: { statusCode: 201 } });
  });

  it('commits a full batch at once and splits larger bursts', async () => {
    const repository = new FakeRepository();
    const writer = writerWith(repository, { PAYMENT_BATCH_MAX_SIZE: 10, PAYMENT_BATCH_MAX_WAIT_MS: 100 });
    const all = Promise.all(Array.from({ length: 25 }, (_, index) => writer.submit(payment(index + 1))));
    // Full batches leave at once; the remainder waits for the window.
    expect(repository.batches.map((batch) => batch.length)).toEqual([10, 10]);
    await all;
    expect(repository.batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
  });

  it('lets payments pile up into one larger batch while every commit slot is busy', async () => {
    const repository = new FakeRepository();
    // DATABASE_POOL_SIZE 2 leaves one commit slot.
    const writer = writerWith(repository, { DATABASE_POOL_SIZE: 2 });
    repository.hold();
    const first = writer.submit(payment(1));
    await vi.waitFor(() => expect(repository.batches).toHaveLength(1));
    const rest = Array.from({ length: 30 }, (_, index) => writer.submit(payment(index + 2)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(repository.batches).toHaveLength(1);
    repository.open();
    await Promise.all([first, ...rest]);
    expect(repository.batches.map((batch) => batch.length)).toEqual([1, 30]);
  });

  it('answers concurrent requests with one key from the first one, without asking the database again', async () => {
    const repository = new FakeRepository();
    const writer = writerWith(repository);
    const outcomes = await Promise.all([
      writer.submit(payment(500, 'k1')),
      writer.submit(payment(500, 'k1')),
      writer.submit(payment(999, 'k1')),
    ]);
    expect(repository.batches.flat()).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ kind: 'created' });
    expect(outcomes[1]).toEqual({ ...outcomes[0], kind: 'replayed' });
    expect(outcomes[2]).toEqual({ kind: 'key-reused' });
  });

  it('replays a stored key and refuses it for a different request', async () => {
    const repository = new FakeRepository();
    const writer = writerWith(repository);
    const first = await writer.submit(payment(700, 'k2'));
    await expect(writer.submit(payment(700, 'k2'))).resolves.toEqual({ ...first, kind: 'replayed' });
    await expect(writer.submit(payment(701, 'k2'))).resolves.toEqual({ kind: 'key-reused' });
    expect(repository.batches.flat()).toHaveLength(3);
  });

  it('retries a batch after a deadlock and fails every payment of a batch that cannot commit', async () => {
    const repository = new FakeRepository();
    const writer = writerWith(repository);
    repository.failures = [deadlock];
    await expect(writer.submit(payment(100))).resolves.toMatchObject({ kind: 'created' });
    expect(repository.batches).toHaveLength(2);

    repository.failures = [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })];
    const failed = await Promise.allSettled([writer.submit(payment(1)), writer.submit(payment(2, 'k3'))]);
    for (const result of failed) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(PaymentNotConfirmedError);
    }
    expect(repository.batches).toHaveLength(3);
  });

  it('gives up after four tries of conflicts', async () => {
    const repository = new FakeRepository();
    const writer = writerWith(repository);
    repository.failures = [deadlock, deadlock, deadlock, deadlock];
    await expect(writer.submit(payment(100))).rejects.toBeInstanceOf(PaymentNotConfirmedError);
    expect(repository.batches).toHaveLength(4);
  });

  it('lets a request wait for a failed one with the same key and then try for itself', async () => {
    const repository = new FakeRepository();
    const writer = writerWith(repository);
    repository.failures = [new Error('database down')];
    const [first, second] = await Promise.allSettled([
      writer.submit(payment(100, 'k4')),
      writer.submit(payment(100, 'k4')),
    ]);
    expect(first.status).toBe('rejected');
    expect(second).toMatchObject({ status: 'fulfilled', value: { kind: 'created' } });
  });

  it('commits what it holds before the application shuts down', async () => {
    const repository = new FakeRepository();
    const writer = writerWith(repository, { PAYMENT_BATCH_MAX_WAIT_MS: 100 });
    const pending = writer.submit(payment(100));
    await writer.beforeApplicationShutdown();
    expect(repository.batches).toHaveLength(1);
    await expect(pending).resolves.toMatchObject({ kind: 'created' });
  });
});

describe('decideKey', () => {
  const stored: StoredKey = {
    key: 'k',
    requestHash: 'h',
    statusCode: 201,
    body: '{}',
    createdAt: new Date(0),
  };

  it('replays the same request, refuses another one and ignores an expired answer', () => {
    expect(decideKey(undefined, 'h', 1000)).toEqual({ kind: 'new' });
    expect(decideKey(stored, 'h', 1000)).toEqual({ kind: 'replay', answer: { statusCode: 201, body: '{}' } });
    expect(decideKey(stored, 'other', 1000)).toEqual({ kind: 'key-reused' });
    expect(decideKey(stored, 'h', 24 * 3_600_000 - 1)).toMatchObject({ kind: 'replay' });
    expect(decideKey(stored, 'other', 24 * 3_600_000)).toEqual({ kind: 'new' });
  });
});
