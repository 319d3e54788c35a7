import { describe, expect, it } from 'vitest';
import { outcomesOf } from './payment-outcome';

describe('outcomesOf', () => {
  it('pairs each new request with its created answer in order, replays stored answers and refuses reused keys', () => {
    const created = [
      { statusCode: 201, body: '{"data":{"id":1}}' },
      { statusCode: 201, body: '{"data":{"id":2}}' },
    ];
    const stored = { statusCode: 201, body: '{"data":{"id":0}}' };
    expect(
      outcomesOf(
        [{ kind: 'new' }, { kind: 'replay', answer: stored }, { kind: 'key-reused' }, { kind: 'new' }],
        created,
      ),
    ).toEqual([
      { kind: 'created', answer: created[0] },
      { kind: 'replayed', answer: stored },
      { kind: 'key-reused' },
      { kind: 'created', answer: created[1] },
    ]);
  });

  it('refuses to invent an answer for a created payment', () => {
    expect(() => outcomesOf([{ kind: 'new' }], [])).toThrow('a created payment has no answer');
  });
});
