import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** How long a failed replica is left out of the replica pool before it is tried again. */
const REPLICA_RESTORE_MS = 5000;

/**
 * TypeORM options shared by the Nest module and the migration command. Schema changes come only from migrations.
 * With replica URLs, TypeORM runs a primary pool and one pool per replica; every query still goes to the
 * primary (`defaultMode: 'master'`, query builders included) unless a repository reads through ReplicaReads.
 */
export function buildDataSourceOptions(
  databaseUrl: string,
  poolSize: number,
  connectTimeoutMs = 10_000,
  replicaUrls: readonly string[] = [],
): DataSourceOptions {
  const connection =
    replicaUrls.length === 0
      ? { url: databaseUrl }
      : {
          replication: {
            master: { url: databaseUrl },
            slaves: replicaUrls.map((url) => ({ url })),
            defaultMode: 'master' as const,
            selector: 'RR' as const,
            canRetry: true,
            removeNodeErrorCount: 1,
            restoreNodeTimeout: REPLICA_RESTORE_MS,
          },
        };
  return {
    type: 'mysql',
    ...connection,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    synchronize: false,
    migrationsRun: false,
    migrations: [...MIGRATIONS],
    migrationsTableName: 'schema_migrations',
    poolSize,
    // A server that accepts TCP but does not finish the handshake (restarting) fails the request in bounded time.
    connectTimeout: connectTimeoutMs,
    // mysql2 captures a stack trace per query unless told not to; that costs several % on hot paths.
    extra: { enableKeepAlive: true, maxIdle: poolSize, trace: false },
  };
}
