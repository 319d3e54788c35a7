import { z } from 'zod';
import type { AnalyticsHour } from '../analytics/analytics';
import type { ApiError } from '../common/errors';
import type { PageMeta } from '../common/pagination';
import {
  DOMAIN_STATUSES,
  type DeliverabilitySummary,
  type DomainListItem,
  type DomainReport,
  type EventsAccepted,
} from '../deliverability/deliverability';
import { FIELD_TYPES, type Field } from '../fields/field';
import type { LegacyPaymentStatistics, Payment, PaymentSeries, PaymentStatistics } from '../payments/payment';
import type { Poll, PollResults } from '../polls/poll';
import { SUBSCRIBER_STATUSES, type Subscriber } from '../subscribers/subscriber';
import type { ReadinessReport, SystemStatus } from '../system/status';
import { TRAFFIC_AREAS, type SystemTraffic } from '../system/traffic';

/*
 * The response bodies as zod schemas, for the OpenAPI document. Each is typed against the interface the API
 * returns and the dashboard reads (`z.ZodType<Interface>`), so a field added to one and not the other fails
 * the type check instead of drifting.
 */

const isoTime = z.string().describe('ISO 8601 time in UTC');
const cents = z.string().describe('Decimal amount with two decimals, e.g. "15.50"');
const componentState = z.enum(['up', 'down']);

export const apiErrorResponseSchema: z.ZodType<ApiError> = z
  .object({
    statusCode: z.number().int(),
    error: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .describe('The one error shape of every endpoint');

const pageMetaSchema: z.ZodType<PageMeta> = z.object({
  limit: z.number().int(),
  nextCursor: z.string().nullable(),
  total: z.number().int().nullable(),
});

/** `{data: T}`, the envelope of every single-item answer. */
export const envelopeOf = (schema: z.ZodType): z.ZodType => z.object({ data: schema });
/** `{data: T[], meta}`, one keyset page. */
export const pageOf = (schema: z.ZodType): z.ZodType =>
  z.object({ data: z.array(schema), meta: pageMetaSchema });

export const subscriberResponseSchema: z.ZodType<Subscriber> = z.object({
  email: z.string(),
  name: z.string(),
  lastName: z.string(),
  status: z.enum(SUBSCRIBER_STATUSES),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const fieldResponseSchema: z.ZodType<Field> = z.object({
  key: z.string(),
  title: z.string(),
  type: z.enum(FIELD_TYPES),
  createdAt: isoTime,
});

const pollOptionSchema = z.object({ id: z.number().int(), label: z.string() });
const pollBase = {
  id: z.number().int(),
  question: z.string(),
  multiple: z.boolean(),
  uniqueVoters: z.boolean(),
  ballots: z.number().int(),
};

export const pollResponseSchema: z.ZodType<Poll> = z.object({
  ...pollBase,
  options: z.array(pollOptionSchema),
  createdAt: isoTime,
});

export const pollResultsResponseSchema: z.ZodType<PollResults> = z.object({
  ...pollBase,
  options: z.array(pollOptionSchema.extend({ votes: z.number().int() })),
  resultsAsOf: isoTime,
  ageSeconds: z.number(),
});

export const paymentResponseSchema: z.ZodType<Payment> = z.object({
  id: z.number().int(),
  amount: cents,
  currency: z.string(),
  createdAt: isoTime,
});

export const paymentStatisticsResponseSchema: z.ZodType<PaymentStatistics> = z.object({
  currency: z.string(),
  windowSeconds: z.number().int(),
  count: z.number().int(),
  total: cents,
  avg: cents.nullable(),
  min: cents.nullable(),
  max: cents.nullable(),
  asOf: isoTime,
  from: isoTime,
});

export const paymentSeriesResponseSchema: z.ZodType<PaymentSeries> = z.object({
  currency: z.string(),
  windowSeconds: z.number().int(),
  minutes: z.array(z.object({ minute: isoTime, count: z.number().int(), total: cents })),
  asOf: isoTime,
  from: isoTime,
});

export const legacyPaymentStatisticsResponseSchema: z.ZodType<LegacyPaymentStatistics> = z.object({
  total_amount: cents,
  avg_amount: cents,
});

export const eventsAcceptedResponseSchema: z.ZodType<EventsAccepted> = z.object({
  accepted: z.number().int(),
});

const domainReportFields = {
  domain: z.string(),
  status: z.enum(DOMAIN_STATUSES),
  delivered: z.number().int(),
  bounced: z.number().int(),
};

export const domainReportResponseSchema: z.ZodType<DomainReport> = z.object(domainReportFields);

export const domainListItemResponseSchema: z.ZodType<DomainListItem> = z.object({
  ...domainReportFields,
  statusSince: isoTime,
});

export const deliverabilitySummaryResponseSchema: z.ZodType<DeliverabilitySummary> = z.object({
  counts: z.object({
    unknown: z.number().int(),
    'catch-all': z.number().int(),
    'not catch-all': z.number().int(),
  }),
  total: z.number().int(),
  countedAt: isoTime,
});

export const analyticsHourResponseSchema: z.ZodType<AnalyticsHour> = z.object({
  hour: isoTime,
  start: z.number().int(),
  uniqueUsers: z.number().int(),
  clicks: z.number().int(),
  impressions: z.number().int(),
});

export const systemStatusResponseSchema: z.ZodType<SystemStatus> = z.object({
  api: componentState,
  mysql: componentState,
  redis: componentState,
  queues: z.array(
    z.object({
      name: z.string(),
      waiting: z.number().int(),
      active: z.number().int(),
      delayed: z.number().int(),
      failed: z.number().int(),
      failedAttempts: z.number().int(),
    }),
  ),
  uptimeSeconds: z.number().int(),
  checkedAt: isoTime,
});

export const readinessResponseSchema: z.ZodType<ReadinessReport> = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({
    mysql: componentState,
    redis: componentState,
    redisPersistence: z.enum(['aof', 'off', 'unknown']),
  }),
});

export const livenessResponseSchema = z.object({ status: z.literal('ok') });

/** GET /system/traffic: requests, 5xx and p99 per area and queue backlog per step, over every instance. */
export const systemTrafficResponseSchema: z.ZodType<SystemTraffic> = z.object({
  stepSeconds: z.number().int(),
  from: isoTime,
  to: isoTime,
  areas: z.array(
    z.object({
      area: z.enum(TRAFFIC_AREAS),
      points: z.array(
        z.object({
          at: isoTime,
          requests: z.number().int(),
          errors: z.number().int(),
          p99Ms: z.number().nullable(),
        }),
      ),
    }),
  ),
  queues: z.array(
    z.object({
      queue: z.string(),
      points: z.array(
        z.object({
          at: isoTime,
          waiting: z.number().int(),
          failed: z.number().int(),
          oldestWaitingSeconds: z.number().nullable(),
        }),
      ),
    }),
  ),
});
