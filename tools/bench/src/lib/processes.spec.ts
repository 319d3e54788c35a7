import { describe, expect, it } from 'vitest';
import { CleanupStack } from './processes';

describe('CleanupStack', () => {
  it('runs steps in reverse order, carries on past a failure and reports it', async () => {
    const cleanup = new CleanupStack();
    const ran: string[] = [];
    cleanup.add('first', async () => {
      ran.push('first');
    });
    cleanup.add('broken', () => Promise.reject(new Error('boom')));
    cleanup.add('last', async () => {
      ran.push('last');
    });
    const lines: string[] = [];
    expect(await cleanup.runAll((line) => lines.push(line))).toBe(false);
    expect(ran).toEqual(['last', 'first']);
    expect(lines).toEqual(['cleanup: last', 'cleanup: broken FAILED: boom', 'cleanup: first']);
  });

  it('runs each step once even when asked twice at the same time', async () => {
    const cleanup = new CleanupStack();
    let runs = 0;
    cleanup.add('count', async () => {
      runs++;
    });
    const outcomes = await Promise.all([cleanup.runAll(() => undefined), cleanup.runAll(() => undefined)]);
    expect(outcomes).toEqual([true, true]);
    expect(runs).toBe(1);
  });
});
