import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import { QueueName } from '../../core/queue/queue-names';
import { PollsRepository, type PollVotesJob } from './polls.repository';

/** Batches applied at once by one worker process; the claim and id-ordered updates make that safe. */
export const POLL_VOTES_CONCURRENCY = 4;

/**
 * Counts batches of ballots: stores them and raises the totals in one transaction, once per batch however
 * often the job runs (a worker killed mid-batch rolls back and the job runs again; two workers claim in turn).
 */
@Processor(QueueName.PollVotes)
export class PollVotesProcessor {
  private readonly logger = new Logger(PollVotesProcessor.name);
  constructor(private readonly repository: PollsRepository) {}

  @Process({ concurrency: POLL_VOTES_CONCURRENCY })
  async apply(job: Job<PollVotesJob>): Promise<string> {
    const outcome = await this.repository.applyBatch(job.data);
    if (!outcome.applied) return `batch ${job.data.batchId} was applied before`;
    if (outcome.duplicateVoters > 0) {
      this.logger.warn({
        message: 'ballots of voters who had voted already were not counted',
        batchId: job.data.batchId,
        skipped: outcome.duplicateVoters,
      });
    }
    return `counted ${outcome.counted} ballots`;
  }
}
