import { Inject, Injectable } from '@nestjs/common';
import type { DomainCounts } from '@hotpath/contracts';
import { AppConfig } from '../../config/app-config';
import { LuaScript } from '../../core/redis/lua-script';
import type { RedisClient } from '../../core/redis/redis-client.factory';
import { REDIS_CLIENT } from '../../core/redis/redis.constants';
import { bucketOf, unpackCounts } from './domain-buckets';
import type { DomainCountsRow } from './domains.repository';

/** Domains per script call, so that one call never holds Redis for long. */
const DOMAINS_PER_CALL = 1000;
const REFILL_TOKEN_SECONDS = 86_400;

/**
 * Writes counters only forwards: each value is a state MySQL committed, and a domain's committed states only
 * grow, so the one with more events is the newer. Writes that arrive late or twice (a retried job, a refill
 * racing the worker) change nothing. KEYS: one bucket per domain; ARGV: domain, delivered, bounced per key.
 */
const MERGE_SCRIPT = `
for index, key in ipairs(KEYS) do
  local field = ARGV[index * 3 - 2]
  local delivered = ARGV[index * 3 - 1]
  local bounced = ARGV[index * 3]
  local current = redis.call('HGET', key, field)
  local newer = true
  if current then
    local separator = string.find(current, ':', 1, true)
    if separator then
      local events = tonumber(string.sub(current, 1, separator - 1)) + tonumber(string.sub(current, separator + 1))
      newer = tonumber(delivered) + tonumber(bounced) > events
    end
  end
  if newer then redis.call('HSET', key, field, delivered .. ':' .. bounced) end
end
return 0`;

/**
 * Marks the counters complete only if the refill that started with this token was not wiped out meanwhile.
 * Both keys carry one hash tag, so the script works on a cluster too.
 */
const FINISH_REFILL_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2])
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

const merge = new LuaScript(MERGE_SCRIPT);
const finishRefill = new LuaScript(FINISH_REFILL_SCRIPT);

/**
 * Every domain's counters in Redis, for status reads without MySQL. Domains are spread over a fixed number of
 * hashes (`<prefix>deliverability:<buckets>:<n>`, field = domain, value = `delivered:bounced`); with about a
 * hundred fields each, Redis keeps every bucket as a compact listpack, a few dozen bytes per domain.
 *
 * The key `<prefix>{deliverability:<buckets>}:complete` says the buckets hold every domain MySQL has: a domain missing from its bucket has
 * never been seen. Without it (Redis flushed or restarted empty, or the bucket count changed) a miss must ask
 * MySQL, and a refill from MySQL puts the key back.
 */
@Injectable()
export class DomainCountersRepository {
  private readonly buckets: number;
  private readonly namespace: string;
  private readonly stateNamespace: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    config: AppConfig,
  ) {
    this.buckets = config.get('DELIVERABILITY_REDIS_BUCKETS');
    this.namespace = `${config.get('REDIS_KEY_PREFIX')}deliverability:${this.buckets}:`;
    this.stateNamespace = `${config.get('REDIS_KEY_PREFIX')}{deliverability:${this.buckets}}:`;
  }

  /** The counters Redis holds for a domain, or null when it holds none. */
  async read(domain: string): Promise<DomainCounts | null> {
    const value = await this.redis.hget(this.bucketKey(domain), domain);
    return value === null ? null : unpackCounts(value);
  }

  async isComplete(): Promise<boolean> {
    return (await this.redis.exists(this.completeKey())) === 1;
  }

  /** Stores counters read from MySQL, keeping whatever is newer per domain. */
  async merge(rows: readonly DomainCountsRow[]): Promise<void> {
    for (let start = 0; start < rows.length; start += DOMAINS_PER_CALL) {
      const chunk = rows.slice(start, start + DOMAINS_PER_CALL);
      // On a cluster the buckets lie in many slots: one script call per slot, each still all-or-nothing.
      await merge.runPerSlot(
        this.redis,
        chunk.map(([domain, delivered, bounced]) => ({
          key: this.bucketKey(domain),
          args: [domain, delivered, bounced],
        })),
      );
    }
  }

  /** A refill from MySQL starts: remembered under a token, which a flush in the meantime wipes out. */
  async beginRefill(token: string): Promise<void> {
    await this.redis.set(this.refillKey(), token, 'EX', REFILL_TOKEN_SECONDS);
  }

  /** True when the counters are now complete; false when Redis lost the refill's token (flushed again). */
  async finishRefill(token: string): Promise<boolean> {
    const done = await finishRefill.run(
      this.redis,
      [this.refillKey(), this.completeKey()],
      [token, new Date().toISOString()],
    );
    return done === 1;
  }

  private bucketKey(domain: string): string {
    return `${this.namespace}${bucketOf(domain, this.buckets)}`;
  }

  private completeKey(): string {
    return `${this.stateNamespace}complete`;
  }

  private refillKey(): string {
    return `${this.stateNamespace}refilling`;
  }
}
