import { describe, expect, it } from 'vitest';
import { ballotProblems, type BallotTarget } from './ballot-rules';

const single: BallotTarget = { multiple: false, uniqueVoters: false, options: [{ id: 70 }, { id: 71 }] };
const multi: BallotTarget = { ...single, multiple: true, options: [...single.options, { id: 72 }] };
const oncePerVoter: BallotTarget = { ...single, uniqueVoters: true };

describe('ballotProblems', () => {
  it('accepts one option of a single-choice poll and several of a multiple-choice one', () => {
    expect(ballotProblems(single, { optionIds: [71] })).toEqual([]);
    expect(ballotProblems(multi, { optionIds: [72, 70] })).toEqual([]);
  });

  it('names options of another poll', () => {
    expect(ballotProblems(multi, { optionIds: [70, 99, 100] })).toEqual([
      { field: 'optionIds', message: 'are not options of this poll: 99, 100' },
    ]);
  });

  it('refuses more than one option on a single-choice poll', () => {
    expect(ballotProblems(single, { optionIds: [70, 71] })).toEqual([
      { field: 'optionIds', message: 'must name exactly one option: this poll is single-choice' },
    ]);
  });

  it('requires a voter id on a one-ballot-per-voter poll', () => {
    expect(ballotProblems(oncePerVoter, { optionIds: [70] })).toEqual([
      { field: 'voterId', message: 'is required: this poll takes one ballot per voter' },
    ]);
  });
});
