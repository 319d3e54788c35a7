import {
  parseHourReport,
  type AnalyticsHour,
  type Envelope,
  type HourCounts,
  type RecordAnalyticsEventRequest,
} from '@hotpath/contracts';
import { http } from './http';

export const analyticsApi = {
  /** The hour containing `timestamp`, read from the API's three text lines. */
  async hour(timestamp: number): Promise<HourCounts> {
    const { data } = await http.get<unknown>('/analytics', {
      params: { timestamp },
      headers: { Accept: 'text/plain' },
    });
    return parseHourReport(String(data));
  },

  /** Every hour from the one containing `from` to the one containing `to`. */
  async hours(from: number, to: number): Promise<AnalyticsHour[]> {
    const { data } = await http.get<Envelope<AnalyticsHour[]>>('/analytics/hours', { params: { from, to } });
    return data.data;
  },

  /** Resolves once the API has queued the event (204); the figures count it moments later. */
  async record(event: RecordAnalyticsEventRequest): Promise<void> {
    // The kind is a flag without a value, which axios `params` cannot write.
    await http.post(
      `/analytics?timestamp=${event.timestamp}&user=${encodeURIComponent(event.user)}&${event.kind}`,
    );
  },
};
