import { HOUR_MS, type AnalyticsEvent } from '@hotpath/contracts';
import { describe, expect, it } from 'vitest';
import { tallyByHour } from './analytics-tally';

const start = Date.UTC(2025, 10, 21, 10);
const hour = start / HOUR_MS;
const event = (offsetMs: number, user: string, kind: AnalyticsEvent['kind']): AnalyticsEvent => ({
  timestamp: start + offsetMs,
  user,
  kind,
});

describe('tallyByHour', () => {
  it('sums clicks and impressions per UTC hour and keeps each user once per hour', () => {
    const tallies = tallyByHour([
      event(5, 'bob', 'click'),
      event(6, 'amy', 'impression'),
      event(7, 'bob', 'click'),
      event(HOUR_MS - 1, 'Bob', 'impression'),
    ]);
    expect(tallies).toEqual([{ hour, clicks: 2, impressions: 2, users: ['Bob', 'amy', 'bob'] }]);
  });

  it('puts the first millisecond of the next hour in that hour, and lists hours oldest first', () => {
    const tallies = tallyByHour([
      event(HOUR_MS, 'amy', 'click'),
      event(HOUR_MS - 1, 'amy', 'click'),
      event(-1, 'zed', 'impression'),
    ]);
    expect(tallies.map((tally) => [tally.hour, tally.clicks, tally.impressions, tally.users])).toEqual([
      [hour - 1, 0, 1, ['zed']],
      [hour, 1, 0, ['amy']],
      [hour + 1, 1, 0, ['amy']],
    ]);
  });

  it('gives nothing for no events', () => {
    expect(tallyByHour([])).toEqual([]);
  });
});
