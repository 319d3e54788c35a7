import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { DataSource, type DataSourceOptions, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDataSourceOptions } from '../src/core/database/data-source-options';
import { dropDatabase, migrateDatabase } from '../src/core/database/migrate';
import { startApi } from './support/test-app';
import { TEST_ENV } from './support/test-env';

/** A scratch database of its own: this file alters columns, which must never reach the shared test database. */
const scratch = new URL(TEST_ENV.DATABASE_URL);
scratch.pathname = `${scratch.pathname}_drift`;
const SCRATCH_URL = scratch.toString();
const MIGRATIONS_TABLE = 'schema_migrations';

let entities: Array<EntityTarget<ObjectLiteral>>;
let dataSource: DataSource;

/** TypeORM reads information_schema in the server's own dialect (MariaDB quotes column defaults differently). */
async function serverType(url: string): Promise<'mysql' | 'mariadb'> {
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query<Array<{ version: string } & RowDataPacket>>(
      'SELECT VERSION() AS version',
    );
    return rows[0]?.version.includes('MariaDB') === true ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

/** The statements TypeORM would run to make the database match the entities; none when they agree. */
async function pendingStatements(): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((query) => query.query);
}

beforeAll(async () => {
  // The entities the app itself registers, so an entity left out of its module is caught too.
  const api = await startApi();
  try {
    entities = api.get(DataSource).entityMetadatas.map((metadata) => metadata.target);
  } finally {
    await api.close();
  }
  await dropDatabase(SCRATCH_URL);
  await migrateDatabase(SCRATCH_URL);
  const options = buildDataSourceOptions(SCRATCH_URL, 2);
  dataSource = new DataSource({
    ...options,
    type: await serverType(SCRATCH_URL),
    entities,
  } as DataSourceOptions);
  await dataSource.initialize();
});
afterAll(async () => {
  await dataSource.destroy();
  await dropDatabase(SCRATCH_URL);
});

describe('one schema definition: the entities, checked against the migrations', () => {
  it('has an entity for every table the migrations create, and no entity without a table', async () => {
    const rows: Array<{ name: string }> = await dataSource.query(
      'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
    );
    const tables = rows.map((row) => row.name).filter((name) => name !== MIGRATIONS_TABLE);
    const described = dataSource.entityMetadatas.map((metadata) => metadata.tableName);
    expect(described.sort()).toEqual(tables.sort());
  });

  it('leaves the schema builder nothing to do after migrating', async () => {
    const pending = await pendingStatements();
    expect(pending, `entities and migrations disagree; TypeORM would run:\n${pending.join(';\n')}`).toEqual(
      [],
    );
  });

  // The schema builder does not compare character sets and collations, and equality here decides uniqueness.
  it('gives every text column the character set and collation its entity names', async () => {
    const columns: Array<{ table: string; column: string; collation: string }> = await dataSource.query(
      `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS \`column\`, COLLATION_NAME AS collation
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL`,
    );
    const defaults: Array<{ charset: string; collation: string }> = await dataSource.query(
      "SELECT CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation FROM information_schema.COLLATIONS WHERE IS_DEFAULT = 'Yes'",
    );
    const [database]: Array<{ collation: string }> = await dataSource.query(
      'SELECT @@collation_database AS collation',
    );
    const charsetDefault = new Map(defaults.map((row) => [row.charset, row.collation]));
    const described = dataSource.entityMetadatas.flatMap((metadata) =>
      metadata.columns.map((column) => ({
        table: metadata.tableName,
        column: column.databaseName,
        collation:
          column.collation ??
          (column.charset === undefined ? database?.collation : charsetDefault.get(column.charset)),
      })),
    );
    const actual = columns
      .filter((row) => row.table !== MIGRATIONS_TABLE)
      .map((row) => `${row.table}.${row.column} ${row.collation}`)
      .sort();
    const expected = described
      .filter((entry) => columns.some((row) => row.table === entry.table && row.column === entry.column))
      .map((entry) => `${entry.table}.${entry.column} ${entry.collation}`)
      .sort();
    expect(actual).toEqual(expected);
  });

  // Nor does it compare CHECK constraints on MySQL and MariaDB; these guard the money column.
  it('has exactly the CHECK constraints the entities name', async () => {
    const rows: Array<{ table: string; name: string; clause: string }> = await dataSource.query(
      `SELECT t.TABLE_NAME AS \`table\`, t.CONSTRAINT_NAME AS name, c.CHECK_CLAUSE AS clause
       FROM information_schema.TABLE_CONSTRAINTS t
       JOIN information_schema.CHECK_CONSTRAINTS c
         ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME
       WHERE t.TABLE_SCHEMA = DATABASE() AND t.CONSTRAINT_TYPE = 'CHECK'`,
    );
    const normalize = (clause: string): string =>
      clause.replace(/[`()]/g, '').replace(/\s+/g, ' ').toLowerCase();
    const actual = rows.map((row) => `${row.table}.${row.name}: ${normalize(row.clause)}`).sort();
    const described = dataSource.entityMetadatas.flatMap((metadata) =>
      metadata.checks.map(
        (check) => `${metadata.tableName}.${check.name}: ${normalize(check.expression ?? '')}`,
      ),
    );
    expect(actual).toEqual(described.sort());
  });

  it('reports a column whose type, nullability or default differs from its entity', async () => {
    await dataSource.query('ALTER TABLE polls MODIFY question VARCHAR(400) NULL');
    await dataSource.query("ALTER TABLE domains ALTER status SET DEFAULT 'catch-all'");
    try {
      const pending = (await pendingStatements()).join('\n');
      expect(pending).toMatch(/`polls`.*`question`/);
      expect(pending).toMatch(/`domains`.*`status`/);
    } finally {
      await dataSource.query('ALTER TABLE polls MODIFY question VARCHAR(500) NOT NULL');
      await dataSource.query("ALTER TABLE domains ALTER status SET DEFAULT 'unknown'");
    }
    expect(await pendingStatements()).toEqual([]);
  });

  it('reports a missing index and a missing foreign key', async () => {
    await dataSource.query('ALTER TABLE subscribers DROP INDEX ix_subscribers_status_id');
    await dataSource.query('ALTER TABLE poll_options DROP FOREIGN KEY fk_poll_options_poll');
    try {
      const pending = (await pendingStatements()).join('\n');
      expect(pending).toContain('ix_subscribers_status_id');
      expect(pending).toContain('fk_poll_options_poll');
    } finally {
      await dataSource.query('ALTER TABLE subscribers ADD KEY ix_subscribers_status_id (status, id)');
      await dataSource.query(
        'ALTER TABLE poll_options ADD CONSTRAINT fk_poll_options_poll FOREIGN KEY (poll_id) REFERENCES polls (id) ON DELETE CASCADE',
      );
    }
  });
});
