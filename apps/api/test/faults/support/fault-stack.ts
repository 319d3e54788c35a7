import { createConnection, type Connection } from 'mysql2/promise';
import { migrateDatabase } from '../../../src/core/database/migrate';
import {
  freePort,
  PrivateMariadb,
  PrivateRedis,
  type PrivateRedisOptions,
} from '../../support/private-servers';
import { TEST_ENV } from '../../support/test-env';
import { WorkerProcess } from '../../support/worker-process';
import { ApiProcess } from './api-process';

const DATABASE = 'hotpath_faults';
/** The write-behind queues whose jobs must all be applied before the database is counted. */
const WRITE_QUEUE_NAMES = ['poll-votes', 'analytics-events', 'deliverability-events'];

interface QueueCounts {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  failedAttempts: number;
}

export interface SystemStatusBody {
  mysql: string;
  redis: string;
  queues: QueueCounts[];
}

/**
 * A private Redis (AOF unless told otherwise) and MariaDB, migrated, with the built API and worker running against
 * them as real processes: what the fault tests kill and restart.
 */
export class FaultStack {
  api: ApiProcess | undefined;
  worker: WorkerProcess | undefined;

  private constructor(
    readonly redis: PrivateRedis,
    readonly mariadb: PrivateMariadb,
  ) {}

  static async start(redisOptions: PrivateRedisOptions = {}): Promise<FaultStack> {
    const [redis, mariadb] = await Promise.all([PrivateRedis.start(redisOptions), PrivateMariadb.start()]);
    const stack = new FaultStack(redis, mariadb);
    await migrateDatabase(stack.databaseUrl);
    return stack;
  }

  get databaseUrl(): string {
    return this.mariadb.url(DATABASE);
  }

  /** What the API and worker are started with: the test env, pointed at the private servers. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...TEST_ENV,
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redis.url(0),
      DATABASE_POOL_SIZE: '10',
      // 'log': the processes announce that they started at that level.
      LOG_LEVEL: 'log',
      ...extra,
    };
  }

  async startApi(extra: Record<string, string> = {}): Promise<ApiProcess> {
    this.api = await ApiProcess.start(this.env(extra), await freePort());
    return this.api;
  }

  async startWorker(extra: Record<string, string> = {}): Promise<WorkerProcess> {
    this.worker = await WorkerProcess.start(this.env(extra));
    return this.worker;
  }

  /** A direct connection to the private MariaDB, for counting what was stored. */
  async sql(): Promise<Connection> {
    return createConnection({ uri: this.databaseUrl, supportBigNumbers: true, bigNumberStrings: false });
  }

  async status(): Promise<SystemStatusBody> {
    const response = await fetch(`${this.requireApi().url}/system/status`, {
      signal: AbortSignal.timeout(5000),
    });
    return (await response.json()) as SystemStatusBody;
  }

  /** Waits until no write job is waiting, running or delayed for a retry (twice in a row, a second apart). */
  async drained(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quietReadings = 0;
    let last = '';
    while (quietReadings < 2) {
      if (Date.now() > deadline)
        throw new Error(`the write queues did not drain in ${timeoutMs} ms: ${last}`);
      await new Promise((wait) => setTimeout(wait, 1000));
      try {
        const status = await this.status();
        const writeQueues = status.queues.filter((queue) => WRITE_QUEUE_NAMES.includes(queue.name));
        last = JSON.stringify(writeQueues);
        const busy = writeQueues.some((queue) => queue.waiting + queue.active + queue.delayed > 0);
        quietReadings = busy || writeQueues.length !== WRITE_QUEUE_NAMES.length ? 0 : quietReadings + 1;
      } catch (error) {
        last = String(error);
        quietReadings = 0;
      }
    }
  }

  async destroy(): Promise<void> {
    await Promise.allSettled([this.api?.stop(), this.worker?.stop()]);
    await Promise.allSettled([this.redis.destroy(), this.mariadb.destroy()]);
  }

  private requireApi(): ApiProcess {
    if (this.api === undefined) throw new Error('the API is not started');
    return this.api;
  }
}
