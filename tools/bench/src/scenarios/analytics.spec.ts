import { HOUR_MS, hourOf } from '@hotpath/contracts';
import { describe, expect, it } from 'vitest';
import { drawTimestamp, eventPath, PAST_HOURS } from './analytics';

describe('drawTimestamp', () => {
  it('gives the current time about 95% of the time and otherwise a time in one of the past 48 hours', () => {
    const now = Date.UTC(2025, 10, 21, 10, 30);
    const draws = Array.from({ length: 20_000 }, () => drawTimestamp(now));
    const late = draws.filter((timestamp) => timestamp !== now);
    expect(late.length / draws.length).toBeGreaterThan(0.04);
    expect(late.length / draws.length).toBeLessThan(0.06);
    for (const timestamp of late) {
      expect(hourOf(timestamp)).toBeLessThan(hourOf(now));
      expect(hourOf(timestamp)).toBeGreaterThanOrEqual(hourOf(now) - PAST_HOURS);
    }
    expect(Math.min(...late)).toBeGreaterThanOrEqual(now - (PAST_HOURS + 1) * HOUR_MS);
  });
});

describe('eventPath', () => {
  it('writes the kind as a flag without a value', () => {
    expect(eventPath(123, 'u7', 'click')).toBe('/analytics?timestamp=123&user=u7&click');
  });
});
