import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Job } from 'bull';
import type { JobPayloads } from '../../core/queue/job-payloads';
import { QueueName } from '../../core/queue/queue-names';
import { EmailDomainChecker } from './email-domain.checker';
import { SubscribersService } from './subscribers.service';

/**
 * Re-checks the domain of a subscriber accepted while DNS was failing. Dead domain: status becomes junk.
 * Still failing: the job throws and Bull retries it with backoff. Running twice changes nothing more.
 */
@Processor(QueueName.SubscriberDomainRecheck)
export class DomainRecheckProcessor {
  private readonly logger = new Logger(DomainRecheckProcessor.name);

  constructor(
    private readonly domains: EmailDomainChecker,
    private readonly subscribers: SubscribersService,
  ) {}

  @Process()
  async recheck(job: Job<JobPayloads[typeof QueueName.SubscriberDomainRecheck]>): Promise<string> {
    const { email, domain } = job.data;
    const verdict = await this.domains.resolve(domain);
    if (verdict === 'unknown') throw new Error(`DNS still failing for ${domain}`);
    await this.domains.remember(domain, verdict);
    if (verdict === 'dead' && (await this.subscribers.markJunk(email))) {
      this.logger.log({ message: 'subscriber marked junk: domain cannot receive mail', email, domain });
    }
    return verdict;
  }
}
