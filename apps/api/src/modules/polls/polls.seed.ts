import type { INestApplicationContext } from '@nestjs/common';
import { createPollSchema, SEEDED_POLL } from '@hotpath/contracts';
import { PollsRepository, type PollBallot } from './polls.repository';
import { PollsService } from './polls.service';

/** Ballots the seeded poll gets, so its results page has bars to show from the start. */
export const SEEDED_BALLOTS = 240;

/** A fixed spread: how often each option (by position) is ticked, out of 100 ballots. */
const OPTION_SHARE = [71, 93, 62, 34, 4];

/** Deterministic ballots: each option is ticked on about its share of them, every ballot names one at least. */
function seededBallots(pollId: number, optionIds: number[], now: number): PollBallot[] {
  return Array.from({ length: SEEDED_BALLOTS }, (_, index) => {
    const picked = optionIds.filter((_, position) => ((index * 37 + position * 53) % 100) < (OPTION_SHARE[position] ?? 10));
    return {
      ballotId: `seed-${pollId}-${index}`,
      pollId,
      optionIds: picked.length > 0 ? picked : [optionIds[index % optionIds.length] ?? optionIds[0] ?? 0],
      voterId: null,
      uniqueVoter: false,
      castAt: now - (SEEDED_BALLOTS - index) * 1000,
    };
  });
}

/**
 * Creates the seeded poll unless a poll with its question exists, and gives it its demo ballots once: they are
 * applied as one batch with a fixed id, whose claim makes a second seed run a no-op.
 */
export async function seedPolls(app: INestApplicationContext): Promise<string> {
  const polls = app.get(PollsService);
  const existing = await polls.findIdByQuestion(SEEDED_POLL.question);
  const id = existing ?? (await polls.create(createPollSchema.parse(SEEDED_POLL))).id;
  const poll = await polls.results(id);
  const outcome = await app.get(PollsRepository).applyBatch({
    batchId: `seed-poll-${id}`,
    items: seededBallots(
      id,
      poll.options.map((option) => option.id),
      Date.now(),
    ),
  });
  await polls.forgetResults(id);
  const ballots = outcome.applied ? `${outcome.counted} ballots added` : 'its ballots were there already';
  return `poll ${id} ${existing === null ? 'added' : 'already there'}: "${SEEDED_POLL.question}", ${ballots}`;
}
