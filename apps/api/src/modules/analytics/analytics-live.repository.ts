import { Inject, Injectable } from '@nestjs/common';
import type { HourCounts } from '@hotpath/contracts';
import { AppConfig } from '../../config/app-config';
import { LuaScript } from '../../core/redis/lua-script';
import type { RedisClient } from '../../core/redis/redis-client.factory';
import { REDIS_CLIENT } from '../../core/redis/redis.constants';
import type { HourSnapshot } from './analytics.repository';

const SNAPSHOT_FIELDS = 5;

/**
 * Copies hour rows into Redis. A copy replaces the stored one only if its version is higher, so copies
 * that arrive late, twice or out of order never move an hour backwards.
 * Only hours in the window (the last `hours` hours up to the current one, and the next one) are kept,
 * each until `hours` hours after it began (EXPIREAT), judged by the Redis server's clock. Returns the
 * hours of the batch that lie in the window.
 * KEYS: one hash per hour. ARGV: hours, then hour, version, unique users, clicks, impressions per key.
 */
const writeSnapshots = new LuaScript(`
local now = tonumber(redis.call('TIME')[1])
local current = math.floor(now / 3600)
local hours = tonumber(ARGV[1])
local kept = {}
for index, key in ipairs(KEYS) do
  local base = 1 + (index - 1) * ${SNAPSHOT_FIELDS}
  local hour = tonumber(ARGV[base + 1])
  if hour > current - hours and hour <= current + 1 then
    local version = tonumber(ARGV[base + 2])
    local stored = tonumber(redis.call('HGET', key, 'v') or '0')
    if version > stored then
      redis.call('HSET', key, 'v', ARGV[base + 2], 'u', ARGV[base + 3], 'c', ARGV[base + 4], 'i', ARGV[base + 5])
      redis.call('EXPIREAT', key, (hour + hours) * 3600)
    end
    kept[#kept + 1] = hour
  end
end
return kept
`);

/** The Redis side of analytics: a small hash per recent hour holding a committed copy of its MySQL row. */
@Injectable()
export class AnalyticsLiveRepository {
  private readonly keyPrefix: string;
  /** How many hours, up to and including the current one, Redis keeps. */
  readonly hours: number;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    config: AppConfig,
  ) {
    this.keyPrefix = `${config.get('REDIS_KEY_PREFIX')}analytics:hour:`;
    this.hours = config.get('ANALYTICS_REDIS_HOURS');
  }

  /** Stores the snapshots of hours inside the window; answers which of the hours are inside it. */
  async write(snapshots: readonly HourSnapshot[]): Promise<Set<number>> {
    if (snapshots.length === 0) return new Set();
    // Hours are independent: on a cluster each slot's hours go in their own call.
    const answers = await writeSnapshots.runPerSlot(
      this.redis,
      snapshots.map((snapshot) => ({
        key: this.key(snapshot.hour),
        args: [snapshot.hour, snapshot.version, snapshot.uniqueUsers, snapshot.clicks, snapshot.impressions],
      })),
      [this.hours],
    );
    const kept = answers.flatMap((answer) => answer as Array<number | string>);
    return new Set(kept.map(Number));
  }

  /** The hour's figures if Redis holds them; null when it does not (no event yet, expired, or lost). */
  async read(hour: number): Promise<HourCounts | null> {
    const [version, uniqueUsers, clicks, impressions] = await this.redis.hmget(
      this.key(hour),
      'v',
      'u',
      'c',
      'i',
    );
    if (version === null || uniqueUsers === null || clicks === null || impressions === null) return null;
    return { uniqueUsers: Number(uniqueUsers), clicks: Number(clicks), impressions: Number(impressions) };
  }

  private key(hour: number): string {
    return `${this.keyPrefix}${hour}`;
  }
}
