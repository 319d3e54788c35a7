import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../config/load-env';
import { buildDataSourceOptions } from './data-source-options';

/** Creates the database when it does not exist, then runs every pending migration. Returns the names run. */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  const { host, port, user, password, database } = parseDatabaseUrl(databaseUrl);
  const admin = await createConnection({ host, port, user, password });
  try {
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource(buildDataSourceOptions(databaseUrl, 2));
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Drops a database; for test and benchmark set-ups only. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { host, port, user, password, database } = parseDatabaseUrl(databaseUrl);
  const admin = await createConnection({ host, port, user, password });
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await admin.end();
  }
}
