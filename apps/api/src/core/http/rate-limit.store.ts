import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { Counter, register } from 'prom-client';

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

/**
 * Adds n to a window counter and returns [count, milliseconds left]. The first addition starts the window;
 * a counter that lost its expiry (it cannot, but a stray SET could) gets one again rather than living forever.
 */
const ADD_LUA = `
local current = redis.call('INCRBY', KEYS[1], ARGV[2])
local window = tonumber(ARGV[1])
if current == tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[1], window)
  return {current, window}
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], window)
  ttl = window
end
return {current, ttl}
`;

type RateLimitRedis = Redis & {
  hotpathRateLimitAdd(key: string, windowMs: number, amount: number): Promise<[number, number]>;
};
type IncrCallback = Parameters<FastifyRateLimitStore['incr']>[1];

interface Batch {
  callbacks: IncrCallback[];
  windowMs: number;
}

/**
 * The shared counters of `@fastify/rate-limit` in Redis, with two changes to the plugin's own Redis store:
 *
 * - **One round trip per client at a time.** While a client's count is on its way to Redis, that client's next
 *   requests wait for it and then go together as one INCRBY; each gets its exact position (count - n + i), so
 *   limits stay exact while a busy client (many connections, one key) costs one Redis call per round trip
 *   instead of one per request.
 * - **A deadline.** A count Redis does not answer within `timeoutMs` is an error, which the plugin's
 *   `skipOnError` turns into "let the request through"; each such request is counted in
 *   `hotpath_rate_limit_fail_open_total`.
 */
export function sharedRedisStore(
  redis: Redis,
  nameSpace: string,
  timeoutMs: number,
): FastifyRateLimitStoreCtor {
  const failures = failOpenCounter();
  if (!('hotpathRateLimitAdd' in redis))
    redis.defineCommand('hotpathRateLimitAdd', { numberOfKeys: 1, lua: ADD_LUA });
  const counters = redis as RateLimitRedis;
  const inFlight = new Set<string>();
  const waiting = new Map<string, Batch>();

  const send = (key: string, batch: Batch): void => {
    inFlight.add(key);
    let settled = false;
    const settle = (error: Error | null, result?: [number, number]): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const { callbacks } = batch;
      if (error !== null || result === undefined) {
        failures.inc(callbacks.length);
        for (const callback of callbacks) callback(error ?? new Error('no answer'));
      } else {
        const [count, ttl] = result;
        const first = count - callbacks.length;
        callbacks.forEach((callback, index) => callback(null, { current: first + index + 1, ttl }));
      }
      inFlight.delete(key);
      const next = waiting.get(key);
      if (next !== undefined) {
        waiting.delete(key);
        send(key, next);
      }
    };
    const timer = setTimeout(
      () => settle(new Error(`rate-limit counter did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    counters.hotpathRateLimitAdd(nameSpace + key, batch.windowMs, batch.callbacks.length).then(
      (result) => settle(null, result),
      (error: unknown) => settle(error instanceof Error ? error : new Error(String(error))),
    );
  };

  return class SharedRedisStore implements FastifyRateLimitStore {
    incr(key: string, callback: IncrCallback, timeWindow: number): void {
      if (!inFlight.has(key)) {
        send(key, { callbacks: [callback], windowMs: timeWindow });
        return;
      }
      const batch = waiting.get(key);
      if (batch === undefined) waiting.set(key, { callbacks: [callback], windowMs: timeWindow });
      else batch.callbacks.push(callback);
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  };
}
