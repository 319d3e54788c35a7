import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** TypeORM options shared by the Nest module and the migration command. Schema changes come only from migrations. */
export function buildDataSourceOptions(
  databaseUrl: string,
  poolSize: number,
  connectTimeoutMs = 10_000,
): DataSourceOptions {
  return {
    type: 'mysql',
    url: databaseUrl,
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
