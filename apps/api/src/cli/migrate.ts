import { ConfigError, loadEnv } from '../config/load-env';
import { migrateDatabase } from '../core/database/migrate';

/** `npm run db:migrate`: creates the database if needed and runs pending migrations. */
async function main(): Promise<void> {
  const env = loadEnv();
  const ran = await migrateDatabase(env.DATABASE_URL);
  const database = new URL(env.DATABASE_URL).pathname.slice(1);
  console.log(ran.length > 0 ? `Migrated ${database}: ${ran.join(', ')}` : `${database} is up to date`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
