import { z } from 'zod';

/** One UTC hour in milliseconds; hours are numbered from the epoch (hour n starts at n × HOUR_MS). */
export const HOUR_MS = 3_600_000;
/** 9999-12-31T23:59:59.999Z: the last millisecond an event or a query may name. */
export const MAX_TIMESTAMP_MS = 253_402_300_799_999;
export const ANALYTICS_USER_MAX = 255;
/** The longest span `GET /analytics/hours` answers for, from `from` to `to`. */
export const ANALYTICS_RANGE_MAX_DAYS = 31;
export const ANALYTICS_RANGE_MAX_MS = ANALYTICS_RANGE_MAX_DAYS * 24 * HOUR_MS;

export const ANALYTICS_EVENT_KINDS = ['click', 'impression'] as const;
export type AnalyticsEventKind = (typeof ANALYTICS_EVENT_KINDS)[number];

/** The number of the UTC hour that contains `timestamp` (milliseconds since the epoch). */
export const hourOf = (timestamp: number): number => Math.floor(timestamp / HOUR_MS);
/** The first millisecond of hour number `hour`. */
export const hourStart = (hour: number): number => hour * HOUR_MS;

/** A query parameter given twice arrives as a list; every analytics parameter must be given once. */
const once = (issue: { input?: unknown }): string =>
  issue.input === undefined ? 'is required' : 'must be given once';

/** Milliseconds since 1970-01-01T00:00:00Z as digits only: no sign, fraction, exponent or spaces. */
export const timestampParamSchema = z
  .string({ error: once })
  .regex(/^\d{1,15}$/, 'must be a whole number of milliseconds since 1970-01-01T00:00:00Z')
  .transform(Number)
  .pipe(z.number().max(MAX_TIMESTAMP_MS, `must be at most ${MAX_TIMESTAMP_MS} (the end of the year 9999)`));

/** A user name is taken exactly as sent (case and spaces matter): two names are one user only if equal. */
export const analyticsUserSchema = z
  .string({ error: once })
  .min(1, 'is required')
  .max(ANALYTICS_USER_MAX, `must be at most ${ANALYTICS_USER_MAX} characters`);

/** `&click` and `&impression` are flags: present without a value. */
const flagSchema = z.literal('', { error: 'is a flag and takes no value' }).optional();

export const KIND_FIELD = 'click/impression';

/** `POST /analytics?timestamp={ms}&user={name}&click` (or `&impression`); other parameters are ignored. */
export const recordAnalyticsEventQuerySchema = z
  .object({
    timestamp: timestampParamSchema,
    user: analyticsUserSchema,
    click: flagSchema,
    impression: flagSchema,
  })
  .refine((query) => (query.click === undefined) !== (query.impression === undefined), {
    path: [KIND_FIELD],
    message: 'give exactly one of the flags click and impression',
    // Judged on which flags are present, so it is reported beside a bad timestamp or user too.
    when: () => true,
  })
  .transform((query): AnalyticsEvent => ({
    timestamp: query.timestamp,
    user: query.user,
    kind: query.click !== undefined ? 'click' : 'impression',
  }));

export interface AnalyticsEvent {
  timestamp: number;
  user: string;
  kind: AnalyticsEventKind;
}

/** What the dashboard's test-event form sends; the query string is built from it. */
export type RecordAnalyticsEventRequest = AnalyticsEvent;

/** `GET /analytics?timestamp={ms}`: the hour that contains the timestamp. */
export const analyticsHourQuerySchema = z.object({ timestamp: timestampParamSchema });
export type AnalyticsHourQuery = z.output<typeof analyticsHourQuerySchema>;

/** `GET /analytics/hours?from={ms}&to={ms}`: every hour from the one containing `from` to the one containing `to`. */
export const analyticsHoursQuerySchema = z
  .object({ from: timestampParamSchema, to: timestampParamSchema })
  .superRefine((query, ctx) => {
    if (query.to < query.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    } else if (query.to - query.from > ANALYTICS_RANGE_MAX_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `must be at most ${ANALYTICS_RANGE_MAX_DAYS} days after from`,
      });
    }
  });
export type AnalyticsHoursQuery = z.output<typeof analyticsHoursQuerySchema>;

/** The three figures of one hour. */
export interface HourCounts {
  uniqueUsers: number;
  clicks: number;
  impressions: number;
}

export const EMPTY_HOUR: Readonly<HourCounts> = { uniqueUsers: 0, clicks: 0, impressions: 0 };

/** One hour of `GET /analytics/hours`. */
export interface AnalyticsHour extends HourCounts {
  /** The hour's first millisecond, ISO 8601 in UTC. */
  hour: string;
  /** The same instant in milliseconds since the epoch. */
  start: number;
}

/**
 * The body of `GET /analytics`: exactly three lines in this order, `\n` between them and no newline after
 * the last, so that `body.split('\n')` gives the three lines.
 */
export function formatHourReport(counts: HourCounts): string {
  return `unique_users,${counts.uniqueUsers}\nclicks,${counts.clicks}\nimpressions,${counts.impressions}`;
}

const REPORT = /^unique_users,(\d+)\nclicks,(\d+)\nimpressions,(\d+)\n?$/;

/** Reads a `GET /analytics` body back into its figures; throws when the text is not that format. */
export function parseHourReport(text: string): HourCounts {
  const match = REPORT.exec(text);
  if (match === null) throw new Error(`not an analytics report: ${JSON.stringify(text.slice(0, 80))}`);
  return { uniqueUsers: Number(match[1]), clicks: Number(match[2]), impressions: Number(match[3]) };
}
