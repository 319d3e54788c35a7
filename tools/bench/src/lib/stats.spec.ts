import { describe, expect, it } from 'vitest';
import { median, percentile, ratio, sum } from './stats';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([5])).toBe(5);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('is NaN for no values', () => {
    expect(median([])).toBeNaN();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentile', () => {
  const values = [15, 20, 35, 40, 50];

  it('gives the extremes at 0 and 100', () => {
    expect(percentile(values, 0)).toBe(15);
    expect(percentile(values, 100)).toBe(50);
  });

  it('interpolates between closest ranks', () => {
    expect(percentile(values, 25)).toBe(20);
    expect(percentile(values, 40)).toBe(29);
    expect(percentile([1, 2], 99)).toBeCloseTo(1.99);
  });

  it('rejects a percentile outside 0..100', () => {
    expect(() => percentile(values, 101)).toThrow(RangeError);
    expect(() => percentile(values, -1)).toThrow(RangeError);
  });
});

describe('sum and ratio', () => {
  it('adds values', () => {
    expect(sum([1, 2, 3.5])).toBe(6.5);
    expect(sum([])).toBe(0);
  });

  it('divides, with NaN instead of a division by zero', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 2)).toBeNaN();
  });
});
