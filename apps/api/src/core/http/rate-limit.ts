import { HttpException, HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import type { Env } from '../../config/env.schema';
import { rateLimits, routeGroup, type RouteGroup } from './edge-settings';
import { sharedRedisStore } from './rate-limit.store';

const WINDOW_MS = 60_000;
/** Probes and scrapes must never be refused, or a busy client would make an instance look dead. */
const EXEMPT_PATHS = new Set(['/health', '/health/ready', '/metrics']);
/** The queue board's scripts and styles: one page load fetches a dozen of them. */
const EXEMPT_PREFIXES = ['/admin/queues/static/', '/docs/'];

const pathOf = (request: FastifyRequest): string =>
  request.routeOptions.url ?? request.url.split('?')[0] ?? '';

/**
 * The client a request is counted for: its `X-API-Key` (hashed, so no key is written to Redis) when given,
 * else its address as TRUST_PROXY lets Fastify see it (IPv6 by /64, as the plugin does by default).
 */
export function clientKey(request: FastifyRequest): string {
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) {
    return `key:${createHash('sha256').update(apiKey).digest('base64url').slice(0, 22)}`;
  }
  return `ip:${normalizeIP(request.ip)}`;
}

const groupOf = (key: string): RouteGroup => key.slice(0, key.indexOf('|')) as RouteGroup;

/**
 * Per-client limits per route group (reads, writes, admin) over a one-minute window, counted in Redis so that
 * every API instance shares them. Over the limit: 429 in the one error shape with Retry-After and the
 * RateLimit-* headers. Redis unreachable: requests pass (fail open) and are counted in a metric.
 */
export async function registerRateLimit(app: NestFastifyApplication, env: Env, redis: Redis): Promise<void> {
  const limits = rateLimits(env);
  if (limits === null) return;
  await app.register(fastifyRateLimit, {
    global: true,
    hook: 'onRequest',
    timeWindow: WINDOW_MS,
    enableDraftSpec: true,
    skipOnError: true,
    store: sharedRedisStore(redis, `${env.REDIS_KEY_PREFIX}rate-limit:`, env.RATE_LIMIT_REDIS_TIMEOUT_MS),
    keyGenerator: (request) => `${routeGroup(request.method, pathOf(request))}|${clientKey(request)}`,
    max: (_request, key) => limits[groupOf(key)],
    allowList: (request, key) => {
      const path = pathOf(request);
      return (
        limits[groupOf(key)] === 0 ||
        EXEMPT_PATHS.has(path) ||
        EXEMPT_PREFIXES.some((prefix) => path.startsWith(prefix))
      );
    },
    errorResponseBuilder: (request, context) =>
      new HttpException(
        `Too many requests: a client may make ${context.max} ${routeGroup(request.method, pathOf(request))} ` +
          `requests a minute; retry in ${context.after}`,
        HttpStatus.TOO_MANY_REQUESTS,
      ),
  });
}
