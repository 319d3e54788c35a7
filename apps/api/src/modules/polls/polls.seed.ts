import type { INestApplicationContext } from '@nestjs/common';
import { createPollSchema, SEEDED_POLL } from '@hotpath/contracts';
import { PollsService } from './polls.service';

/** Creates the seeded poll unless a poll with its question exists. */
export async function seedPolls(app: INestApplicationContext): Promise<string> {
  const polls = app.get(PollsService);
  const existing = await polls.findIdByQuestion(SEEDED_POLL.question);
  if (existing !== null) return `poll ${existing} already there: "${SEEDED_POLL.question}"`;
  const poll = await polls.create(createPollSchema.parse(SEEDED_POLL));
  return `poll ${poll.id} added: "${poll.question}" (${poll.options.length} options, multiple choice)`;
}
