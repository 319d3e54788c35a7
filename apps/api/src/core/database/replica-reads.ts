import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createPool, type Pool } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';

/** How often each process asks every replica how far behind it is. */
const LAG_CHECK_INTERVAL_MS = 1000;
/** The longest a replica may take to answer a read (or the lag check) before the primary is asked instead. */
const REPLICA_TIMEOUT_MS = 1500;

interface ReplicaStatus {
  Slave_IO_Running?: string;
  Slave_SQL_Running?: string;
  Seconds_Behind_Master?: number | string | null;
}

function timeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/**
 * The one way to read from MySQL replicas (DATABASE_REPLICA_URLS). Only reads that may be a little stale come
 * here: lists and history pages. Anything that must see its own write, idempotency checks, claims, cached
 * results with a freshness promise and everything inside a transaction keep using the primary.
 *
 * Replicas are used only while every one of them replicates and is at most DATABASE_REPLICA_MAX_LAG_SECONDS
 * behind (checked each second with SHOW SLAVE STATUS); otherwise, and whenever a replica read fails or does
 * not answer within 1.5 s, the read goes to the primary. A stale answer is thus bounded by the lag limit.
 */
@Injectable()
export class ReplicaReads implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReplicaReads.name);
  private readonly monitors: Pool[];
  private readonly maxLagSeconds: number;
  private timer: NodeJS.Timeout | undefined;
  private usable = false;

  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.maxLagSeconds = config.get('DATABASE_REPLICA_MAX_LAG_SECONDS');
    this.monitors = config
      .get('DATABASE_REPLICA_URLS')
      .map((uri) =>
        createPool({ uri, connectionLimit: 1, connectTimeout: REPLICA_TIMEOUT_MS, enableKeepAlive: true }),
      );
  }

  /** Whether reads go to the replicas right now (false without replicas). */
  get replicasInUse(): boolean {
    return this.usable;
  }

  onApplicationBootstrap(): void {
    if (this.monitors.length === 0) return;
    const tick = (): void => {
      void this.checkLag().finally(() => {
        if (this.timer !== undefined) this.timer = setTimeout(tick, LAG_CHECK_INTERVAL_MS).unref();
      });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled(this.monitors.map((pool) => pool.end()));
  }

  /** A read that may be up to the lag limit stale: on a replica when they are in step, else on the primary. */
  async query<T>(sql: string, parameters: unknown[] = []): Promise<T> {
    if (!this.usable) return this.dataSource.query<T>(sql, parameters);
    const runner = this.dataSource.createQueryRunner('slave');
    const read = runner.query(sql, parameters) as Promise<T>;
    // Released once the query settles, even if it settles after the timeout below gave up on it.
    void read.then(
      () => runner.release(),
      () => runner.release(),
    );
    try {
      return await timeout(read, REPLICA_TIMEOUT_MS, 'replica read');
    } catch (error) {
      this.usable = false;
      this.logger.warn(
        `replica read failed, reading from the primary until the next check: ${String(error)}`,
      );
      return this.dataSource.query<T>(sql, parameters);
    }
  }

  private async checkLag(): Promise<void> {
    const verdicts = await Promise.all(this.monitors.map((pool, index) => this.inStep(pool, index)));
    const usable = verdicts.every(Boolean);
    if (usable !== this.usable) {
      this.logger.log(
        usable ? 'replicas in step: lists read from them' : 'replicas not in step: reading from the primary',
      );
    }
    this.usable = usable;
  }

  private async inStep(pool: Pool, index: number): Promise<boolean> {
    try {
      const [rows] = await timeout(pool.query('SHOW SLAVE STATUS'), REPLICA_TIMEOUT_MS, 'lag check');
      const status = (rows as ReplicaStatus[])[0];
      const lag = status?.Seconds_Behind_Master;
      return (
        status?.Slave_IO_Running === 'Yes' &&
        status.Slave_SQL_Running === 'Yes' &&
        lag !== null &&
        lag !== undefined &&
        Number(lag) <= this.maxLagSeconds
      );
    } catch (error) {
      this.logger.warn(`replica ${index} does not answer the lag check: ${String(error)}`);
      return false;
    }
  }
}
