import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { Counter, register } from 'prom-client';
// The plugin's own Redis store (one Lua INCR + PEXPIRE round trip); not part of its typed surface.
import RedisStore from '@fastify/rate-limit/store/RedisStore.js';

const FAIL_OPEN_METRIC = 'hotpath_rate_limit_fail_open_total';

/** Requests let through unlimited because the shared counter in Redis could not be reached in time. */
export function failOpenCounter(): Counter {
  const existing = register.getSingleMetric(FAIL_OPEN_METRIC);
  if (existing instanceof Counter) return existing;
  return new Counter({
    name: FAIL_OPEN_METRIC,
    help: 'Requests the rate limiter let through without counting because Redis did not answer in time',
  });
}

type IncrCallback = Parameters<FastifyRateLimitStore['incr']>[1];

/**
 * The plugin's Redis store with a deadline: a counter that does not answer within `timeoutMs` (Redis down,
 * reconnecting) is reported as an error, which the plugin's `skipOnError` turns into "let the request
 * through"; every such request is counted in `hotpath_rate_limit_fail_open_total`.
 */
export function failOpenRedisStore(
  redis: Redis,
  nameSpace: string,
  timeoutMs: number,
): FastifyRateLimitStoreCtor {
  const failures = failOpenCounter();
  const inner = new RedisStore(false, false, redis, nameSpace);
  return class FailOpenRedisStore implements FastifyRateLimitStore {
    incr(key: string, callback: IncrCallback, timeWindow: number, max: number): void {
      let settled = false;
      const settle: IncrCallback = (error, result) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error !== null) failures.inc();
        callback(error, result);
      };
      const timer = setTimeout(() => {
        settle(new Error(`rate-limit counter did not answer within ${timeoutMs} ms`), { current: 0, ttl: 0 });
      }, timeoutMs);
      inner.incr(key, settle, timeWindow, max);
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  };
}
