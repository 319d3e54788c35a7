import { z } from 'zod';
import { cursorSchema, pageLimitSchema } from '../common/pagination';
import { parseAmountToCents } from './amount';

export const DEFAULT_CURRENCY = 'EUR';
export const IDEMPOTENCY_KEY_MAX = 255;
/** How long an Idempotency-Key is remembered; a later request with the same key is a new payment. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
/** The longest statistics window, in seconds (one hour). */
export const PAYMENT_STATS_MAX_WINDOW_SECONDS = 3600;

/** The top-level message of every rejected payment request (the seed's contract); the fields at fault go in details. */
export const PAYMENT_WRONG_FORMAT = 'Wrong format';

export const currencySchema = z
  .string({
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a 3-letter currency code'),
  })
  .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter currency code')
  .transform((code) => code.toUpperCase());

/** A decimal string ("15.50") or a JSON number (15.5); parsed to integer cents. */
export const amountSchema = z
  .union([z.string(), z.number()], {
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a decimal string or a number'),
  })
  .transform((value, ctx) => {
    const parsed = parseAmountToCents(value);
    if (parsed.ok) return parsed.cents;
    ctx.issues.push({ code: 'custom', message: parsed.message, input: value });
    return z.NEVER;
  });

/** POST /payments: `{amount, currency?}`; nothing else. The output carries the amount in cents. */
export const createPaymentSchema = z
  .strictObject({
    amount: amountSchema,
    currency: currencySchema.default(DEFAULT_CURRENCY),
  })
  .transform(({ amount, currency }) => ({ amountCents: amount, currency }));
export type CreatePaymentRequest = z.input<typeof createPaymentSchema>;
export type CreatePaymentInput = z.output<typeof createPaymentSchema>;

/** Printable ASCII without spaces, 1 to 255 characters (a UUID is the usual choice). */
export const idempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(IDEMPOTENCY_KEY_MAX, `must be at most ${IDEMPOTENCY_KEY_MAX} characters`)
  .regex(/^[\x21-\x7E]+$/, 'may contain only printable ASCII characters without spaces');

/** The headers of POST /payments that carry meaning (Node gives header names in lower case). */
export const paymentRequestHeadersSchema = z.object({
  'idempotency-key': idempotencyKeySchema.optional(),
});
export type PaymentRequestHeaders = z.output<typeof paymentRequestHeadersSchema>;

export const listPaymentsQuerySchema = z.object({
  limit: pageLimitSchema,
  cursor: cursorSchema.optional(),
});
export type ListPaymentsQuery = z.input<typeof listPaymentsQuerySchema>;
export type ListPaymentsParams = z.output<typeof listPaymentsQuerySchema>;

/** `window` in whole seconds, 1 to 3600; when absent the server's default (PAYMENT_STATS_WINDOW_SECONDS) applies. */
export const paymentStatisticsQuerySchema = z.object({
  window: z.coerce
    .number({ error: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be at least 1 second')
    .max(PAYMENT_STATS_MAX_WINDOW_SECONDS, `must be at most ${PAYMENT_STATS_MAX_WINDOW_SECONDS} seconds`)
    .optional(),
  currency: currencySchema.default(DEFAULT_CURRENCY),
});
export type PaymentStatisticsQuery = z.input<typeof paymentStatisticsQuerySchema>;
export type PaymentStatisticsParams = z.output<typeof paymentStatisticsQuerySchema>;

export interface Payment {
  id: number;
  /** Decimal string with two decimals, e.g. "15.50". */
  amount: string;
  currency: string;
  createdAt: string;
}

/**
 * Exact statistics of one currency's payments over the window: the `windowSeconds` whole seconds ending
 * with the second of `asOf` (that second included). Amounts are decimal strings with two decimals;
 * avg, min and max are null when there is no payment in the window.
 */
export interface PaymentStatistics {
  currency: string;
  windowSeconds: number;
  count: number;
  total: string;
  avg: string | null;
  min: string | null;
  max: string | null;
  /** When the figures were computed; they may be up to one second old. */
  asOf: string;
  /** The first second counted, inclusive (ISO time at the start of that second). */
  from: string;
}

/** One minute of the series: payments whose second falls in [minute, minute + 60 s), clipped to the window. */
export interface PaymentMinute {
  minute: string;
  count: number;
  total: string;
}

export interface PaymentSeries {
  currency: string;
  windowSeconds: number;
  /** Oldest first; a minute without payments has count 0 and total "0.00". */
  minutes: PaymentMinute[];
  asOf: string;
  from: string;
}

/** The seed's GET /statistics answer, kept for its clients: total and average over the default window. */
export interface LegacyPaymentStatistics {
  total_amount: string;
  avg_amount: string;
}
