import { z } from 'zod';

const onOff = z.enum(['on', 'off']);
const positiveInt = z.coerce.number().int().positive();

/**
 * Every environment variable the API and worker read, with its default.
 * `.env.example` documents each one; keep the two in step.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .url({ protocol: /^mysql$/, error: 'must be a mysql:// URL' })
    .default('mysql://root@127.0.0.1:3306/hotpath'),
  DATABASE_POOL_SIZE: positiveInt.max(500).default(20),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' })
    .default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+$/, 'use lower-case letters, digits, ":", "_" or "-"')
    .default('hotpath:'),
  ADMIN_TOKEN: z.string({ error: 'is required' }).min(16, 'must be at least 16 characters'),
  DASHBOARD_PORT: z.coerce.number().int().min(1).max(65535).default(5173),
  CORS_ORIGINS: z.string().default('http://localhost:5173,http://127.0.0.1:5173'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  EMAIL_DOMAIN_CHECK: onOff.default('on'),
  DNS_SERVERS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((server) => server.trim())
        .filter(Boolean),
    ),
  DNS_TIMEOUT_MS: positiveInt.max(30_000).default(2000),
  SUBSCRIBER_CACHE_TTL_SECONDS: positiveInt.max(86_400).default(300),
  SUBSCRIBER_MISS_TTL_SECONDS: positiveInt.max(3600).default(5),
  LOCAL_CACHE_TTL_MS: positiveInt.max(1000).default(500),
  LOCAL_CACHE_MAX_ENTRIES: positiveInt.default(50_000),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  QUEUE_LOCK_DURATION_MS: positiveInt.min(1000).default(10_000),
  QUEUE_STALLED_INTERVAL_MS: positiveInt.min(500).default(5_000),
});

export type Env = z.output<typeof envSchema>;
