import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '@hotpath/contracts';

/**
 * The database the bench drops and re-creates: hotpath_bench, or HOTPATH_BENCH_DATABASE_URL when set (to keep
 * two benches on one server apart); the name must start with hotpath_bench or hotpath_t_ since it is dropped.
 */
export const BENCH_DATABASE_URL = benchDatabaseUrl(process.env['HOTPATH_BENCH_DATABASE_URL']);

export function benchDatabaseUrl(override: string | undefined): string {
  if (override === undefined || override === '') return 'mysql://root@127.0.0.1:3306/hotpath_bench';
  const name = new URL(override).pathname.slice(1);
  if (!/^hotpath_(bench|t_)\w*$/.test(name)) {
    throw new Error(
      `HOTPATH_BENCH_DATABASE_URL: the bench drops its database, so it must be named hotpath_bench* or hotpath_t_*, got "${name}"`,
    );
  }
  return override;
}

/** Must match COUNT_SHARDS of the API's subscribers repository: counters live in this many rows per status. */
export const STATUS_COUNT_SHARDS = 16;

const SEED_BATCH_ROWS = 5000;

/** What the built API exports from core/database/migrate.js. */
export interface DatabaseLifecycle {
  migrateDatabase(databaseUrl: string): Promise<string[]>;
  dropDatabase(databaseUrl: string): Promise<void>;
}

/**
 * Loads the schema code from the BUILT API (apps/api/dist), so the bench migrates with exactly what it
 * then loads; loaded at run time because a tool may not import an app's source.
 */
export function loadDatabaseLifecycle(migrateJsPath: string): DatabaseLifecycle {
  if (!existsSync(migrateJsPath)) {
    throw new Error(`${migrateJsPath} is missing: build the API first (npx nx run api:build)`);
  }
  const loaded = createRequire(__filename)(migrateJsPath) as Partial<DatabaseLifecycle>;
  const { migrateDatabase, dropDatabase } = loaded;
  if (typeof migrateDatabase !== 'function' || typeof dropDatabase !== 'function') {
    throw new Error(`${migrateJsPath} does not export migrateDatabase and dropDatabase`);
  }
  return { migrateDatabase, dropDatabase };
}

/** Splits `count` over `shards` as evenly as whole numbers allow, the first shards taking the remainder. */
export function spreadOverShards(count: number, shards: number): number[] {
  const base = Math.floor(count / shards);
  const remainder = count % shards;
  return Array.from({ length: shards }, (_, shard) => base + (shard < remainder ? 1 : 0));
}

export interface SeedSubscriber {
  email: string;
  name?: string;
  lastName?: string;
  status?: SubscriberStatus;
}

/** The bench's own connection to hotpath_bench: bulk seeding straight into the tables, and checks. */
export class BenchDatabase {
  private constructor(private readonly pool: Pool) {}

  static open(databaseUrl: string): BenchDatabase {
    return new BenchDatabase(createPool({ uri: databaseUrl, connectionLimit: 4, timezone: 'Z' }));
  }

  /**
   * Inserts subscribers with multi-row INSERTs and adds them to the sharded status counters, the way the
   * API's own writes would have left them.
   */
  async seedSubscribers(subscribers: readonly SeedSubscriber[]): Promise<void> {
    const now = new Date();
    const perStatus = new Map<SubscriberStatus, number>();
    for (let start = 0; start < subscribers.length; start += SEED_BATCH_ROWS) {
      const rows = subscribers.slice(start, start + SEED_BATCH_ROWS).map((subscriber) => {
        const status = subscriber.status ?? 'active';
        perStatus.set(status, (perStatus.get(status) ?? 0) + 1);
        return [
          subscriber.email,
          subscriber.name ?? 'Bench',
          subscriber.lastName ?? 'Subscriber',
          status,
          now,
          now,
        ];
      });
      await this.pool.query(
        'INSERT INTO subscribers (email, name, last_name, status, created_at, updated_at) VALUES ?',
        [rows],
      );
    }
    const counters = [...perStatus].flatMap(([status, count]) =>
      spreadOverShards(count, STATUS_COUNT_SHARDS).map((shardCount, shard) => [status, shard, shardCount]),
    );
    if (counters.length > 0) {
      await this.pool.query(
        `INSERT INTO subscriber_status_counts (status, shard, count) VALUES ?
         ON DUPLICATE KEY UPDATE count = count + VALUES(count)`,
        [counters],
      );
    }
  }

  async query<T extends RowDataPacket>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await this.pool.query<T[]>(sql, params);
    return rows;
  }

  async scalar(sql: string, params: unknown[] = []): Promise<number> {
    const rows = await this.query<RowDataPacket>(sql, params);
    const first = rows[0];
    const value: unknown = first === undefined ? undefined : Object.values(first)[0];
    return Number(value ?? 0);
  }

  /**
   * Polls a scalar query until it has not changed for `quietMs`: requests still running in the API after the
   * load generator hung up keep writing for a moment, and a check must not read half of their work.
   */
  async waitUntilStable(
    sql: string,
    quietMs = 1000,
    timeoutMs = 30_000,
  ): Promise<{ value: number; waitedMs: number }> {
    const started = Date.now();
    let value = await this.scalar(sql);
    let stableSince = Date.now();
    while (Date.now() - stableSince < quietMs) {
      if (Date.now() - started > timeoutMs) throw new Error(`"${sql}" kept changing for ${timeoutMs} ms`);
      await sleep(Math.min(200, quietMs));
      const next = await this.scalar(sql);
      if (next !== value) {
        value = next;
        stableSince = Date.now();
      }
    }
    return { value, waitedMs: Date.now() - started };
  }

  /** Rows in `subscribers`, and the sum of the sharded counters, which must agree. */
  async subscriberCounts(): Promise<{ rows: number; counted: number; byStatusMismatch: string[] }> {
    const rows = await this.scalar('SELECT COUNT(*) FROM subscribers');
    const counted = await this.scalar('SELECT COALESCE(SUM(count), 0) FROM subscriber_status_counts');
    const actual = await this.query<RowDataPacket & { status: SubscriberStatus; n: number | string }>(
      'SELECT status, COUNT(*) AS n FROM subscribers GROUP BY status',
    );
    const expected = await this.query<RowDataPacket & { status: SubscriberStatus; n: number | string }>(
      'SELECT status, SUM(count) AS n FROM subscriber_status_counts GROUP BY status',
    );
    const byStatusMismatch = SUBSCRIBER_STATUSES.filter((status) => {
      const real = Number(actual.find((row) => row.status === status)?.n ?? 0);
      const counter = Number(expected.find((row) => row.status === status)?.n ?? 0);
      return real !== counter;
    });
    return { rows, counted, byStatusMismatch };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
