import calculateSlot from 'cluster-key-slot';
import { Cluster } from 'ioredis';
import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-client.factory';

/** One key of a script call and the arguments that belong to it. */
export interface KeyedArgs {
  key: string;
  args: ReadonlyArray<string | number>;
}

/** A Lua script run by its SHA (EVALSHA), loaded on the first NOSCRIPT answer of a node. */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** One call. In a cluster every key must hash to one slot (give them a common hash tag). */
  async run(
    redis: RedisClient,
    keys: readonly string[],
    args: ReadonlyArray<string | number>,
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }

  /**
   * For scripts whose keys are independent of each other (the script loops over KEYS): one call on a single
   * Redis; on a cluster one call per slot, run concurrently, since a script may only touch keys of one slot.
   * ARGV is `leading` followed by each key's own arguments in key order. Answers each call's result.
   */
  async runPerSlot(
    redis: RedisClient,
    entries: readonly KeyedArgs[],
    leading: ReadonlyArray<string | number> = [],
  ): Promise<unknown[]> {
    if (entries.length === 0) return [];
    const groups = redis instanceof Cluster ? groupBySlot(entries) : [entries];
    return Promise.all(
      groups.map((group) =>
        this.run(
          redis,
          group.map((entry) => entry.key),
          [...leading, ...group.flatMap((entry) => entry.args)],
        ),
      ),
    );
  }
}

function groupBySlot(entries: readonly KeyedArgs[]): KeyedArgs[][] {
  const bySlot = new Map<number, KeyedArgs[]>();
  for (const entry of entries) {
    const slot = calculateSlot(entry.key);
    const group = bySlot.get(slot);
    if (group === undefined) bySlot.set(slot, [entry]);
    else group.push(entry);
  }
  return [...bySlot.values()];
}
