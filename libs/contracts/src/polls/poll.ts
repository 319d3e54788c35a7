import { z } from 'zod';
import { cursorSchema, pageLimitSchema } from '../common/pagination';

export const POLL_QUESTION_MAX = 500;
export const POLL_OPTIONS_MIN = 2;
export const POLL_OPTIONS_MAX = 20;
export const POLL_OPTION_LABEL_MAX = 200;
export const VOTER_ID_MAX = 128;

/** Values that appear more than once, each reported once, in order of first repeat. */
function repeatedValues<T>(values: readonly T[], keyOf: (value: T) => unknown = (value) => value): T[] {
  const seen = new Set<unknown>();
  const repeated: T[] = [];
  const reported = new Set<unknown>();
  for (const value of values) {
    const key = keyOf(value);
    if (seen.has(key) && !reported.has(key)) {
      repeated.push(value);
      reported.add(key);
    }
    seen.add(key);
  }
  return repeated;
}

const optionLabelSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(POLL_OPTION_LABEL_MAX, `must be at most ${POLL_OPTION_LABEL_MAX} characters`);

export const createPollSchema = z.strictObject({
  question: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(POLL_QUESTION_MAX, `must be at most ${POLL_QUESTION_MAX} characters`),
  options: z
    .array(optionLabelSchema, { error: 'must be a list of option labels' })
    .min(POLL_OPTIONS_MIN, `must have at least ${POLL_OPTIONS_MIN} options`)
    .max(POLL_OPTIONS_MAX, `must have at most ${POLL_OPTIONS_MAX} options`)
    .superRefine((labels, ctx) => {
      // Options differing only in letter case would look the same to a voter.
      const repeated = repeatedValues(labels, (label) => label.toLocaleLowerCase());
      if (repeated.length > 0) {
        ctx.addIssue({ code: 'custom', message: `must be distinct; repeated: ${repeated.join(', ')}` });
      }
    }),
  multiple: z.boolean({ error: 'is required (true or false)' }),
  uniqueVoters: z.boolean({ error: 'must be true or false' }).default(false),
});
export type CreatePollRequest = z.input<typeof createPollSchema>;
export type CreatePollInput = z.output<typeof createPollSchema>;

export const castVoteSchema = z.strictObject({
  optionIds: z
    .array(
      z
        .number({ error: 'must be an option id' })
        .int('must be an option id')
        .positive('must be an option id'),
      {
        error: 'is required (a list of option ids)',
      },
    )
    .min(1, 'must name at least one option')
    .max(POLL_OPTIONS_MAX, `must name at most ${POLL_OPTIONS_MAX} options`)
    .superRefine((ids, ctx) => {
      const repeated = repeatedValues(ids);
      if (repeated.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `must not repeat an option; repeated: ${repeated.join(', ')}`,
        });
      }
    }),
  voterId: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(VOTER_ID_MAX, `must be at most ${VOTER_ID_MAX} characters`)
    .optional(),
});
export type CastVoteRequest = z.input<typeof castVoteSchema>;
export type CastVoteInput = z.output<typeof castVoteSchema>;

/** A poll id in a path: a positive whole number. */
export const pollIdSchema = z.coerce
  .number({ error: 'must be a poll id' })
  .int('must be a poll id')
  .positive('must be a poll id')
  .max(Number.MAX_SAFE_INTEGER, 'must be a poll id');

export const listPollsQuerySchema = z.strictObject({
  limit: pageLimitSchema,
  cursor: cursorSchema.optional(),
});
export type ListPollsQuery = z.input<typeof listPollsQuerySchema>;
export type ListPollsParams = z.output<typeof listPollsQuerySchema>;

export interface PollOption {
  id: number;
  label: string;
}

export interface Poll {
  id: number;
  question: string;
  /** Voters may pick several options (checkboxes) instead of exactly one (radio buttons). */
  multiple: boolean;
  /** One ballot per `voterId`; a second one is refused with 409. */
  uniqueVoters: boolean;
  options: PollOption[];
  /** Ballots counted so far, as stored in MySQL. */
  ballots: number;
  createdAt: string;
}

export interface PollOptionResult extends PollOption {
  votes: number;
}

/**
 * A poll with its totals. Totals are served from a cache and may be up to POLL_RESULTS_TTL_SECONDS old,
 * never older: `resultsAsOf` is when they were read from MySQL, `ageSeconds` how long before this answer.
 */
export interface PollResults {
  id: number;
  question: string;
  multiple: boolean;
  uniqueVoters: boolean;
  options: PollOptionResult[];
  ballots: number;
  resultsAsOf: string;
  ageSeconds: number;
}

/**
 * The poll `npm run db:seed` creates, after the Hype-beast challenge's poll; the benchmark and the browser
 * tests vote on it.
 */
export const SEEDED_POLL = {
  question: 'Which of these phones have you heard of? (Select all that apply)',
  options: ['Pixel', 'iPhone', 'Galaxy', 'Huawei', 'None of the above'],
  multiple: true,
} satisfies CreatePollRequest;
