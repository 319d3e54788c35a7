import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { envSchema, type Env } from './env.schema';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads `.env` from the working directory (variables already set win), then validates the whole environment.
 * Throws a ConfigError naming every variable at fault.
 */
export function loadEnv(
  overrides: Record<string, string> = {},
  envFile = resolve(process.cwd(), '.env'),
): Env {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const parsed = envSchema.safeParse({ ...process.env, ...overrides });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

/** Parses a mysql:// URL into the parts a driver wants. */
export function parseDatabaseUrl(url: string): {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
} {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  z.string()
    .regex(/^[A-Za-z0-9_]+$/, 'DATABASE_URL must name a database of letters, digits and underscores')
    .parse(database);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    database,
  };
}
