import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseRequestLogMode, REQUEST_LOG_MODE } from '../core/metrics/request-log-mode';
import { trustProxySchema } from './trust-proxy';

const onOff = z.enum(['on', 'off']);
const positiveInt = z.coerce.number().int().positive();
/** How the documented placeholder token starts (.env.example, compose). */
export const PLACEHOLDER_TOKEN_PREFIX = 'change-me';
/** An empty value means "not set" (so `.env.example` can list a variable without choosing for the user). */
const unsetWhenEmpty = (value: unknown): unknown => (value === '' ? undefined : value);
const optionalOnOff = z.preprocess(unsetWhenEmpty, onOff.optional());
const optionalPerMinute = z.preprocess(
  unsetWhenEmpty,
  z.coerce.number().int().min(0).max(1_000_000_000).optional(),
);

/** A comma-separated list, blanks dropped. */
const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

const HOST_PORT = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/**
 * Every environment variable the API and worker read, with its default.
 * `.env.example` documents each one; keep the two in step.
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z
      .url({ protocol: /^mysql$/, error: 'must be a mysql:// URL' })
      .default('mysql://root@127.0.0.1:3306/hotpath'),
    DATABASE_POOL_SIZE: positiveInt.max(500).default(20),
    DATABASE_REPLICA_URLS: commaList.pipe(
      z.array(z.url({ protocol: /^mysql$/, error: 'must be a comma-separated list of mysql:// URLs' })),
    ),
    DATABASE_REPLICA_MAX_LAG_SECONDS: positiveInt.max(3600).default(5),
    REDIS_URL: z
      .url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' })
      .default('redis://127.0.0.1:6379'),
    REDIS_CLUSTER_NODES: commaList.pipe(
      z.array(z.string().regex(HOST_PORT, 'must be a comma-separated list of host:port')).transform((nodes) =>
        nodes.map((node) => {
          const separator = node.lastIndexOf(':');
          return { host: node.slice(0, separator), port: Number(node.slice(separator + 1)) };
        }),
      ),
    ),
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[a-z0-9:_-]+$/, 'use lower-case letters, digits, ":", "_" or "-"')
      .default('hotpath:'),
    ADMIN_TOKEN: z.string({ error: 'is required' }).min(16, 'must be at least 16 characters'),
    DASHBOARD_PORT: z.coerce.number().int().min(1).max(65535).default(5173),
    CORS_ORIGINS: z.string().default(''),
    TRUST_PROXY: trustProxySchema,
    EXPOSE_DOCS: optionalOnOff,
    SYSTEM_ROUTES_ADMIN_ONLY: optionalOnOff,
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000_000).default(1200),
    RATE_LIMIT_READS_PER_MINUTE: optionalPerMinute,
    RATE_LIMIT_WRITES_PER_MINUTE: optionalPerMinute,
    RATE_LIMIT_ADMIN_PER_MINUTE: optionalPerMinute,
    RATE_LIMIT_REDIS_TIMEOUT_MS: positiveInt.max(5000).default(200),
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
    LOCAL_CACHE_TTL_MS: positiveInt.max(1000).default(1000),
    LOCAL_CACHE_MAX_ENTRIES: positiveInt.default(50_000),
    SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
    SHUTDOWN_DRAIN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(5000),
    QUEUE_LOCK_DURATION_MS: positiveInt.min(1000).default(10_000),
    QUEUE_STALLED_INTERVAL_MS: positiveInt.min(500).default(5_000),
    POLL_RESULTS_TTL_SECONDS: positiveInt.min(2).max(3600).default(5),
    POLL_BATCH_MAX_WAIT_MS: positiveInt.max(1000).default(2),
    POLL_BATCH_MAX_BALLOTS: positiveInt.max(5000).default(500),
    ANALYTICS_BATCH_MAX_EVENTS: positiveInt.max(10_000).default(1000),
    ANALYTICS_BATCH_MAX_WAIT_MS: positiveInt.max(1000).default(3),
    ANALYTICS_REDIS_HOURS: positiveInt.max(168).default(3),
    ANALYTICS_PAST_HOUR_CACHE_SECONDS: positiveInt.max(86_400).default(300),
    PAYMENT_STATS_WINDOW_SECONDS: positiveInt.max(3600).default(1200),
    PAYMENT_BATCH_MAX_WAIT_MS: positiveInt.max(100).default(2),
    PAYMENT_BATCH_MAX_SIZE: positiveInt.max(1000).default(200),
    DELIVERABILITY_REDIS_BUCKETS: positiveInt.max(16_777_216).default(131_072),
    DELIVERABILITY_BATCH_MAX_WAIT_MS: positiveInt.max(1000).default(2),
    WRITE_BEHIND_APPLY_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
    WRITE_ACK_TIMEOUT_MS: positiveInt.min(100).max(60_000).default(2000),
    WRITE_BEHIND_MAX_PENDING: positiveInt.max(1_000_000).default(2000),
    REQUIRE_DURABLE_REDIS: z.preprocess((value) => (value === '' ? undefined : value), onOff.optional()),
    // Empty means the default: one process per core.
    API_PROCESSES: z.preprocess(
      (value) => (value === '' ? undefined : value),
      positiveInt.max(256).default(availableParallelism()),
    ),
    DOMAIN_STATUS_LOCAL_TTL_MS: z.coerce.number().int().min(0).max(10_000).default(2000),
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
    LOG_REQUESTS: z
      .string()
      .regex(REQUEST_LOG_MODE, 'must be all, errors, off or a sample rate between 0 and 1 (e.g. 0.01)')
      .default('errors')
      .transform(parseRequestLogMode),
  })
  .superRefine((env, context) => {
    // The placeholder of .env.example and compose must never guard a production deployment.
    if (env.NODE_ENV === 'production' && env.ADMIN_TOKEN.startsWith(PLACEHOLDER_TOKEN_PREFIX)) {
      context.addIssue({
        code: 'custom',
        path: ['ADMIN_TOKEN'],
        message: `is still the placeholder ("${PLACEHOLDER_TOKEN_PREFIX}..."): set a long random secret in production`,
      });
    }
  });

export type Env = z.output<typeof envSchema>;

/** Whether /health/ready insists on a Redis that logs writes (AOF): on by default in production. */
export function requiresDurableRedis(env: Pick<Env, 'NODE_ENV' | 'REQUIRE_DURABLE_REDIS'>): boolean {
  return (env.REQUIRE_DURABLE_REDIS ?? (env.NODE_ENV === 'production' ? 'on' : 'off')) === 'on';
}
