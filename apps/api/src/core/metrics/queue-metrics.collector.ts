import { Injectable, Logger } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { ALL_QUEUES } from '../queue/queue-names';
import { QueueStatsRepository, type QueueStats } from '../queue/queue-stats.repository';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
/** Both gauges are filled from one read of Redis per scrape. */
const READ_REUSE_MS = 1000;

/**
 * The worker's queue gauges, read from Redis when Prometheus scrapes (not on a timer), once per scrape for
 * both gauges. Only the worker registers them, so N API processes do not each read the same numbers.
 */
@Injectable()
export class QueueMetricsCollector {
  private readonly logger = new Logger(QueueMetricsCollector.name);
  private lastRead: { at: number; stats: Promise<QueueStats[]> } | undefined;
  readonly jobs: Gauge<'queue' | 'state'>;
  readonly oldestWaiting: Gauge<'queue'>;

  constructor(private readonly queueStats: QueueStatsRepository) {
    // One worker per process in production; a test may start several: the latest one is scraped.
    register.removeSingleMetric('hotpath_queue_jobs');
    register.removeSingleMetric('hotpath_queue_oldest_waiting_seconds');
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- prom-client calls collect() with the gauge as `this`
    const collector = this;
    this.jobs = new Gauge({
      name: 'hotpath_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed), read from Redis at scrape time.',
      labelNames: ['queue', 'state'] as const,
      async collect() {
        this.reset();
        for (const queue of await collector.read()) {
          for (const state of STATES) this.labels(queue.queue, state).set(queue[state]);
        }
      },
    });
    this.oldestWaiting = new Gauge({
      name: 'hotpath_queue_oldest_waiting_seconds',
      help: 'Age of the oldest waiting job per queue (write-behind lag); 0 when nothing waits.',
      labelNames: ['queue'] as const,
      async collect() {
        this.reset();
        for (const queue of await collector.read())
          this.labels(queue.queue).set(queue.oldestWaitingSeconds ?? 0);
      },
    });
  }

  /** The latest stats, read again once they are older than a scrape; an outage leaves the gauges empty. */
  private async read(): Promise<QueueStats[]> {
    const now = Date.now();
    if (this.lastRead === undefined || now - this.lastRead.at > READ_REUSE_MS) {
      this.lastRead = { at: now, stats: this.queueStats.read(ALL_QUEUES) };
    }
    try {
      return await this.lastRead.stats;
    } catch (error) {
      this.logger.warn(`queue metrics not read: ${String(error)}`);
      return [];
    }
  }
}
