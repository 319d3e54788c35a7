import type { ApiErrorDetail } from '../common/errors';
import type { CastVoteInput } from './poll';

/** What a ballot is checked against: the poll's kind and its option ids. */
export interface BallotTarget {
  multiple: boolean;
  uniqueVoters: boolean;
  options: ReadonlyArray<{ id: number }>;
}

/**
 * The rules a well-formed ballot must also meet for one poll, field by field; empty when it is valid.
 * The API refuses a ballot with these (422) and the dashboard checks its form with the same function.
 */
export function ballotProblems(poll: BallotTarget, vote: CastVoteInput): ApiErrorDetail[] {
  const problems: ApiErrorDetail[] = [];
  const foreign = vote.optionIds.filter((id) => !poll.options.some((option) => option.id === id));
  if (foreign.length > 0) {
    problems.push({ field: 'optionIds', message: `are not options of this poll: ${foreign.join(', ')}` });
  } else if (!poll.multiple && vote.optionIds.length > 1) {
    problems.push({
      field: 'optionIds',
      message: 'must name exactly one option: this poll is single-choice',
    });
  }
  if (poll.uniqueVoters && vote.voterId === undefined) {
    problems.push({ field: 'voterId', message: 'is required: this poll takes one ballot per voter' });
  }
  return problems;
}
