import { describe, expect, it } from 'vitest';
import {
  analyticsHourQuerySchema,
  analyticsHoursQuerySchema,
  formatHourReport,
  HOUR_MS,
  hourOf,
  hourStart,
  MAX_TIMESTAMP_MS,
  parseHourReport,
  recordAnalyticsEventQuerySchema,
} from './analytics';

const messages = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
}) => (result.error?.issues ?? []).map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);

describe('recordAnalyticsEventQuerySchema', () => {
  it('reads a click and an impression from flag parameters and ignores other parameters', () => {
    expect(recordAnalyticsEventQuerySchema.parse({ timestamp: '123', user: 'kek', click: '' })).toEqual({
      timestamp: 123,
      user: 'kek',
      kind: 'click',
    });
    expect(
      recordAnalyticsEventQuerySchema.parse({ timestamp: '0', user: ' K e k ', impression: '', _: '9' }),
    ).toEqual({
      timestamp: 0,
      user: ' K e k ',
      kind: 'impression',
    });
  });

  it('accepts user names of up to 255 characters in any script', () => {
    for (const user of ['u'.repeat(255), '美玲', 'Zoë', "o'brien@example.com"]) {
      expect(recordAnalyticsEventQuerySchema.safeParse({ timestamp: '1', user, click: '' }).success).toBe(
        true,
      );
    }
  });

  it.each([
    [{ user: 'a', click: '' }, 'timestamp: is required'],
    [
      { timestamp: '', user: 'a', click: '' },
      'timestamp: must be a whole number of milliseconds since 1970-01-01T00:00:00Z',
    ],
    [
      { timestamp: '12.5', user: 'a', click: '' },
      'timestamp: must be a whole number of milliseconds since 1970-01-01T00:00:00Z',
    ],
    [
      { timestamp: '-1', user: 'a', click: '' },
      'timestamp: must be a whole number of milliseconds since 1970-01-01T00:00:00Z',
    ],
    [
      { timestamp: '1e3', user: 'a', click: '' },
      'timestamp: must be a whole number of milliseconds since 1970-01-01T00:00:00Z',
    ],
    [
      { timestamp: ' 12', user: 'a', click: '' },
      'timestamp: must be a whole number of milliseconds since 1970-01-01T00:00:00Z',
    ],
    [
      { timestamp: 'abc', user: 'a', click: '' },
      'timestamp: must be a whole number of milliseconds since 1970-01-01T00:00:00Z',
    ],
    [
      { timestamp: String(MAX_TIMESTAMP_MS + 1), user: 'a', click: '' },
      `timestamp: must be at most ${MAX_TIMESTAMP_MS} (the end of the year 9999)`,
    ],
    [{ timestamp: ['1', '2'], user: 'a', click: '' }, 'timestamp: must be given once'],
    [{ timestamp: '1', click: '' }, 'user: is required'],
    [{ timestamp: '1', user: '', click: '' }, 'user: is required'],
    [{ timestamp: '1', user: 'u'.repeat(256), click: '' }, 'user: must be at most 255 characters'],
    [{ timestamp: '1', user: ['a', 'b'], click: '' }, 'user: must be given once'],
    [{ timestamp: '1', user: 'a' }, 'click/impression: give exactly one of the flags click and impression'],
    [
      { timestamp: '1', user: 'a', click: '', impression: '' },
      'click/impression: give exactly one of the flags click and impression',
    ],
    [{ timestamp: '1', user: 'a', click: 'true' }, 'click: is a flag and takes no value'],
    [{ timestamp: '1', user: 'a', impression: ['', ''] }, 'impression: is a flag and takes no value'],
  ])('rejects %j', (query, message) => {
    expect(messages(recordAnalyticsEventQuerySchema.safeParse(query))).toContain(message);
  });
});

describe('analyticsHourQuerySchema and analyticsHoursQuerySchema', () => {
  it('takes the timestamp of the hour asked for', () => {
    expect(analyticsHourQuerySchema.parse({ timestamp: '1763730000000' })).toEqual({
      timestamp: 1763730000000,
    });
    expect(messages(analyticsHourQuerySchema.safeParse({}))).toEqual(['timestamp: is required']);
  });

  it('allows a range of up to 31 days and no backwards range', () => {
    const from = 1_700_000_000_000;
    const days31 = 31 * 24 * HOUR_MS;
    expect(analyticsHoursQuerySchema.parse({ from: String(from), to: String(from + days31) })).toEqual({
      from,
      to: from + days31,
    });
    expect(
      messages(analyticsHoursQuerySchema.safeParse({ from: String(from), to: String(from + days31 + 1) })),
    ).toEqual(['to: must be at most 31 days after from']);
    expect(
      messages(analyticsHoursQuerySchema.safeParse({ from: String(from), to: String(from - 1) })),
    ).toEqual(['to: must not be before from']);
  });
});

describe('hours', () => {
  it('puts the last millisecond of an hour and the first of the next in different hours', () => {
    const start = Date.UTC(2025, 10, 21, 10);
    expect(hourOf(start - 1)).toBe(hourOf(start) - 1);
    expect(hourOf(start + HOUR_MS - 1)).toBe(hourOf(start));
    expect(hourStart(hourOf(start + 1234))).toBe(start);
  });
});

describe('the hour report', () => {
  it('is exactly three lines without a trailing newline, and reads back', () => {
    const text = formatHourReport({ uniqueUsers: 3, clicks: 10, impressions: 0 });
    expect(text).toBe('unique_users,3\nclicks,10\nimpressions,0');
    expect(parseHourReport(text)).toEqual({ uniqueUsers: 3, clicks: 10, impressions: 0 });
  });

  it('refuses anything else', () => {
    expect(() => parseHourReport('clicks,1\nunique_users,1\nimpressions,1')).toThrow(
      'not an analytics report',
    );
    expect(() => parseHourReport('{"statusCode":400}')).toThrow('not an analytics report');
  });
});
