import { z } from 'zod';
import { cursorSchema, pageLimitSchema } from '../common/pagination';
import type { FieldValue } from '../fields/field';

export const SUBSCRIBER_STATUSES = ['active', 'unsubscribed', 'junk', 'bounced', 'unconfirmed'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];
export const DEFAULT_SUBSCRIBER_STATUS: SubscriberStatus = 'unconfirmed';

export const EMAIL_MAX = 254;
export const NAME_MAX = 255;

/** Trimmed, lower-cased, and then checked: the form in which an email is stored and looked up. */
export const emailSchema = z
  .string({ error: 'is required' })
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX, `must be at most ${EMAIL_MAX} characters`)
  .pipe(z.email('must be a valid email address'));

/** Letters of any script (with their combining marks), spaces, apostrophes and hyphens. */
const NAME_PATTERN = /^[\p{L}\p{M}][\p{L}\p{M} '’-]*$/u;

export const personNameSchema = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(NAME_MAX, `must be at most ${NAME_MAX} characters`)
  .regex(NAME_PATTERN, 'may contain only letters, spaces, apostrophes and hyphens');

export const fieldValuesSchema = z.record(
  z.string().min(1).max(64),
  z.union([z.string(), z.number(), z.boolean()]),
);

export const createSubscriberSchema = z.strictObject({
  email: emailSchema,
  name: personNameSchema,
  lastName: personNameSchema,
  status: z.enum(SUBSCRIBER_STATUSES).default(DEFAULT_SUBSCRIBER_STATUS),
  fields: fieldValuesSchema.default({}),
});
export type CreateSubscriberRequest = z.input<typeof createSubscriberSchema>;
export type CreateSubscriberInput = z.output<typeof createSubscriberSchema>;

/** A field value of null removes the value from the subscriber. */
export const updateSubscriberSchema = z
  .strictObject({
    name: personNameSchema.optional(),
    lastName: personNameSchema.optional(),
    status: z.enum(SUBSCRIBER_STATUSES).optional(),
    fields: z
      .record(z.string().min(1).max(64), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'must change at least one of name, lastName, status, fields',
  });
export type UpdateSubscriberRequest = z.input<typeof updateSubscriberSchema>;
export type UpdateSubscriberInput = z.output<typeof updateSubscriberSchema>;

export const listSubscribersQuerySchema = z.object({
  limit: pageLimitSchema,
  cursor: cursorSchema.optional(),
  status: z.enum(SUBSCRIBER_STATUSES).optional(),
  search: z.string().trim().toLowerCase().min(1).max(EMAIL_MAX).optional(),
});
export type ListSubscribersQuery = z.input<typeof listSubscribersQuerySchema>;
export type ListSubscribersParams = z.output<typeof listSubscribersQuerySchema>;

export interface Subscriber {
  email: string;
  name: string;
  lastName: string;
  status: SubscriberStatus;
  fields: Record<string, FieldValue>;
  createdAt: string;
  updatedAt: string;
}
