import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { QueueStatsRepository } from '../queue/queue-stats.repository';
import { queueSampleFields, StepCounts, stepOf, TRAFFIC_QUEUES, TRAFFIC_STEP_SECONDS } from './traffic-steps';
import { TrafficRepository } from './traffic.repository';

/** Spread over this much after a step ends, so instances do not all write at the same millisecond. */
const FLUSH_JITTER_MS = 500;
/** A shutdown does not wait longer than this for Redis to take the last counts. */
const FINAL_FLUSH_TIMEOUT_MS = 1000;

/**
 * Counts this process's requests per step in memory and adds them to the shared per-step hashes in Redis once
 * the step is over (never per request). After each step one process of all instances samples the queues.
 */
@Injectable()
export class TrafficRecorder implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TrafficRecorder.name);
  private step = stepOf(Date.now());
  private counts = new StepCounts();
  private readonly finished: { step: number; counts: StepCounts }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly traffic: TrafficRepository,
    private readonly queueStats: QueueStatsRepository,
  ) {}

  onModuleInit(): void {
    this.schedule();
  }

  /** Writes what is counted, the unfinished step included, before Redis is closed (at most 1 s). */
  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.rotate(Number.MAX_SAFE_INTEGER);
    let deadline: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      deadline = setTimeout(() => {
        this.logger.warn(`last traffic counts not stored within ${FINAL_FLUSH_TIMEOUT_MS} ms`);
        resolve();
      }, FINAL_FLUSH_TIMEOUT_MS);
    });
    await Promise.race([this.flushing.then(() => this.writeFinished()), timeout]);
    clearTimeout(deadline);
  }

  record(areaIndex: number, statusCode: number, durationMs: number): void {
    const now = stepOf(Date.now());
    if (now !== this.step) this.rotate(now);
    this.counts.add(areaIndex, statusCode, durationMs);
  }

  private rotate(now: number): void {
    if (!this.counts.empty) this.finished.push({ step: this.step, counts: this.counts });
    this.counts = new StepCounts();
    this.step = now;
  }

  private schedule(): void {
    const stepMs = TRAFFIC_STEP_SECONDS * 1000;
    const untilNextStep = stepMs - (Date.now() % stepMs);
    this.timer = setTimeout(
      () => {
        this.flushing = this.flush().finally(() => {
          if (this.timer !== undefined) this.schedule();
        });
      },
      untilNextStep + Math.random() * FLUSH_JITTER_MS,
    );
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    const now = stepOf(Date.now());
    if (now !== this.step) this.rotate(now);
    await this.writeFinished();
    await this.sampleQueues(now - 1);
  }

  private async writeFinished(): Promise<void> {
    const steps = this.finished.splice(0);
    try {
      await Promise.all(steps.map(({ step, counts }) => this.traffic.addCounts(step, counts.toFields())));
    } catch (error) {
      this.logger.warn(`traffic counts of ${steps.length} step(s) not stored: ${String(error)}`);
    }
  }

  private async sampleQueues(step: number): Promise<void> {
    try {
      if (!(await this.traffic.claimQueueSample(step))) return;
      await this.traffic.setQueueSample(step, queueSampleFields(await this.queueStats.read(TRAFFIC_QUEUES)));
    } catch (error) {
      this.logger.warn(`queue sample not stored: ${String(error)}`);
    }
  }
}
