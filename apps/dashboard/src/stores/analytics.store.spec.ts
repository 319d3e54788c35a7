import { HOUR_MS, type AnalyticsHour, type HourCounts } from '@hotpath/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { analyticsApi } from '../api/analytics.api';
import { HttpError } from '../api/http';
import { useAnalyticsStore } from './analytics.store';

vi.mock('../api/analytics.api', () => ({
  analyticsApi: { hour: vi.fn(), hours: vi.fn(), record: vi.fn() },
}));

const NOW = Date.UTC(2025, 10, 21, 10, 30);
const CURRENT_START = Date.UTC(2025, 10, 21, 10);
const counts = (uniqueUsers: number, clicks: number, impressions: number): HourCounts => ({
  uniqueUsers,
  clicks,
  impressions,
});
const hourRow = (start: number): AnalyticsHour => ({
  hour: new Date(start).toISOString(),
  start,
  ...counts(0, 0, 0),
});

describe('analytics store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
    vi.mocked(analyticsApi.hour)
      .mockReset()
      .mockResolvedValue(counts(2, 3, 4));
    vi.mocked(analyticsApi.hours)
      .mockReset()
      .mockImplementation(async (from) => [hourRow(from)]);
    vi.mocked(analyticsApi.record).mockReset().mockResolvedValue(undefined);
  });

  afterEach(() => {
    useAnalyticsStore().stop();
    vi.useRealTimers();
  });

  it('loads the current hour and the 24 hours up to it at once, then every 3 seconds until stopped', async () => {
    const analytics = useAnalyticsStore();
    analytics.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(analytics.current).toEqual(counts(2, 3, 4));
    expect(analytics.picked).toEqual(counts(2, 3, 4));
    expect(analytics.currentStart).toBe(CURRENT_START);
    expect(analyticsApi.hours).toHaveBeenCalledWith(CURRENT_START - 23 * HOUR_MS, CURRENT_START);

    await vi.advanceTimersByTimeAsync(6000);
    expect(analyticsApi.hour).toHaveBeenCalledTimes(3);
    analytics.stop();
    await vi.advanceTimersByTimeAsync(6000);
    expect(analyticsApi.hour).toHaveBeenCalledTimes(3);
  });

  it('shows a picked hour and the chart up to it, and follows the current hour again when asked', async () => {
    const analytics = useAnalyticsStore();
    const pickedStart = CURRENT_START - 30 * HOUR_MS;
    vi.mocked(analyticsApi.hour).mockImplementation(async (timestamp) =>
      timestamp === pickedStart ? counts(1, 1, 0) : counts(9, 9, 9),
    );
    await analytics.pickHour(pickedStart + 17 * 60_000);
    expect(analytics.pickedStart).toBe(pickedStart);
    expect(analytics.picked).toEqual(counts(1, 1, 0));
    expect(analytics.current).toEqual(counts(9, 9, 9));
    expect(analyticsApi.hours).toHaveBeenLastCalledWith(pickedStart - 23 * HOUR_MS, pickedStart);

    await analytics.pickHour(null);
    expect(analytics.shownStart).toBe(CURRENT_START);
    expect(analytics.picked).toEqual(counts(9, 9, 9));
  });

  it('does not accept an hour that has not begun: it follows the current hour instead', async () => {
    const analytics = useAnalyticsStore();
    await analytics.pickHour(CURRENT_START + 5 * HOUR_MS);
    expect(analytics.pickedStart).toBeNull();
    expect(analytics.followingCurrent).toBe(true);
    expect(analyticsApi.hours).toHaveBeenLastCalledWith(CURRENT_START - 23 * HOUR_MS, CURRENT_START);

    // Picking the current hour itself is following it: the page then shows its tiles once, not twice.
    await analytics.pickHour(NOW);
    expect(analytics.pickedStart).toBeNull();
    expect(analytics.followingCurrent).toBe(true);
  });

  it('keeps the last figures and reports the error while the API does not answer', async () => {
    const analytics = useAnalyticsStore();
    await analytics.refresh();
    vi.mocked(analyticsApi.hour).mockRejectedValue(
      new HttpError({ statusCode: 0, error: 'Network Error', message: 'The API cannot be reached.' }),
    );
    await analytics.refresh();
    expect(analytics.error?.message).toBe('The API cannot be reached.');
    expect(analytics.current).toEqual(counts(2, 3, 4));
  });

  it('sends a test event now or hours back, and refreshes a second later', async () => {
    const analytics = useAnalyticsStore();
    analytics.start();
    await vi.advanceTimersByTimeAsync(0);
    const result = await analytics.send({ user: 'kek', kind: 'impression', hoursAgo: 2 }, NOW);
    expect(result).toEqual({
      ok: true,
      value: { timestamp: NOW - 2 * HOUR_MS, user: 'kek', kind: 'impression' },
    });
    expect(analyticsApi.record).toHaveBeenCalledWith({
      timestamp: NOW - 2 * HOUR_MS,
      user: 'kek',
      kind: 'impression',
    });
    const before = vi.mocked(analyticsApi.hour).mock.calls.length;
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.mocked(analyticsApi.hour).mock.calls.length).toBe(before + 1);
  });

  it('checks the form with the contract before sending', async () => {
    const analytics = useAnalyticsStore();
    const result = await analytics.send({ user: '', kind: 'click', hoursAgo: -1 });
    expect(result).toEqual({
      ok: false,
      message: null,
      fieldErrors: { user: 'is required', hoursAgo: 'must be a whole number of hours from 0 to 8784' },
    });
    expect(analyticsApi.record).not.toHaveBeenCalled();
  });

  it('shows the API’s 400 details under the fields they name', async () => {
    vi.mocked(analyticsApi.record).mockRejectedValue(
      new HttpError({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid query parameters',
        details: [{ field: 'user', message: 'must be at most 255 characters' }],
      }),
    );
    const result = await useAnalyticsStore().send({ user: 'x', kind: 'click', hoursAgo: 0 });
    expect(result).toEqual({
      ok: false,
      message: null,
      fieldErrors: { user: 'must be at most 255 characters' },
    });
  });
});
