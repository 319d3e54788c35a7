import { describe, expect, it } from 'vitest';
import { castVoteSchema, createPollSchema, listPollsQuerySchema, pollIdSchema, SEEDED_POLL } from './poll';

const messages = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
}) => (result.error?.issues ?? []).map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`);

describe('createPollSchema', () => {
  it('trims the question and labels and defaults uniqueVoters to false', () => {
    const parsed = createPollSchema.parse({
      question: '  Tea or coffee? ',
      options: [' Tea', 'Coffee '],
      multiple: false,
    });
    expect(parsed).toEqual({
      question: 'Tea or coffee?',
      options: ['Tea', 'Coffee'],
      multiple: false,
      uniqueVoters: false,
    });
  });

  it('accepts the seeded poll', () => {
    expect(createPollSchema.safeParse(SEEDED_POLL).success).toBe(true);
  });

  it.each([
    [{ question: 'Q', options: ['A'], multiple: false }, 'options: must have at least 2 options'],
    [
      { question: 'Q', options: Array.from({ length: 21 }, (_, i) => `O${i}`), multiple: false },
      'options: must have at most 20 options',
    ],
    [
      { question: 'Q', options: ['Tea', 'tea '], multiple: false },
      'options: must be distinct; repeated: tea',
    ],
    [{ question: 'Q', options: ['A', '  '], multiple: false }, 'options.1: must not be empty'],
    [
      { question: 'Q', options: ['A', 'B'.repeat(201)], multiple: false },
      'options.1: must be at most 200 characters',
    ],
    [{ question: ' ', options: ['A', 'B'], multiple: false }, 'question: is required'],
    [{ question: 'Q', options: ['A', 'B'] }, 'multiple: is required (true or false)'],
    [{ question: 'Q', options: ['A', 'B'], multiple: false, colour: 'red' }, ': Unrecognized key: "colour"'],
  ])('rejects %j', (body, message) => {
    expect(messages(createPollSchema.safeParse(body))).toContain(message);
  });
});

describe('castVoteSchema', () => {
  it('accepts option ids and a trimmed voter id', () => {
    expect(castVoteSchema.parse({ optionIds: [3, 1], voterId: ' v-1 ' })).toEqual({
      optionIds: [3, 1],
      voterId: 'v-1',
    });
    expect(castVoteSchema.parse({ optionIds: [7] })).toEqual({ optionIds: [7] });
  });

  it.each([
    [{ optionIds: [] }, 'optionIds: must name at least one option'],
    [{}, 'optionIds: is required (a list of option ids)'],
    [{ optionIds: [2, 5, 2, 2] }, 'optionIds: must not repeat an option; repeated: 2'],
    [{ optionIds: [1.5] }, 'optionIds.0: must be an option id'],
    [{ optionIds: ['1'] }, 'optionIds.0: must be an option id'],
    [{ optionIds: [0] }, 'optionIds.0: must be an option id'],
    [{ optionIds: [1], voterId: '' }, 'voterId: must not be empty'],
    [{ optionIds: [1], voterId: 'v'.repeat(129) }, 'voterId: must be at most 128 characters'],
  ])('rejects %j', (body, message) => {
    expect(messages(castVoteSchema.safeParse(body))).toContain(message);
  });
});

describe('pollIdSchema and listPollsQuerySchema', () => {
  it('takes positive whole numbers from a path', () => {
    expect(pollIdSchema.parse('42')).toBe(42);
    for (const bad of ['0', '-1', '1.5', 'abc', '99999999999999999999'])
      expect(pollIdSchema.safeParse(bad).success).toBe(false);
  });

  it('defaults the page size', () => {
    expect(listPollsQuerySchema.parse({})).toEqual({ limit: 20 });
  });
});
