import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { bullQueueStem } from './queue-keys';
import type { QueueName } from './queue-names';

export interface QueueStats {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Seconds since the oldest waiting job was created (write-behind lag); null when nothing waits. */
  oldestWaitingSeconds: number | null;
}

/**
 * Per queue: the lengths of Bull's wait/active lists and delayed/failed sets, and the creation time of the
 * job at the tail of the wait list (Bull pushes new jobs at the head and takes from the tail). One script
 * call per queue, sent together: a queue's keys share one hash tag, so on a Redis Cluster each call stays in
 * one slot, while different queues may live on different masters.
 */
const QUEUE_STATS_SCRIPT = `
local out = {}
for _, base in ipairs(KEYS) do
  local oldest = redis.call('LINDEX', base .. ':wait', -1)
  local created = false
  if oldest then created = redis.call('HGET', base .. ':' .. oldest, 'timestamp') end
  table.insert(out, redis.call('LLEN', base .. ':wait'))
  table.insert(out, redis.call('LLEN', base .. ':active'))
  table.insert(out, redis.call('ZCARD', base .. ':delayed'))
  table.insert(out, redis.call('ZCARD', base .. ':failed'))
  table.insert(out, created or '')
end
return out
`;
const FIELDS_PER_QUEUE = 5;

/** Reads the depth and lag of queues straight from Bull's keys, cheaply enough for every scrape. */
@Injectable()
export class QueueStatsRepository {
  private readonly keyPrefix: string;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.keyPrefix = config.get('REDIS_KEY_PREFIX');
  }

  async read(queues: readonly QueueName[]): Promise<QueueStats[]> {
    const perQueue = await Promise.all(
      queues.map(
        (queue) =>
          this.redis.eval(QUEUE_STATS_SCRIPT, 1, bullQueueStem(this.keyPrefix, queue)) as Promise<
            (number | string)[]
          >,
      ),
    );
    const raw = perQueue.flat();
    const now = Date.now();
    return queues.map((queue, index) => {
      const at = index * FIELDS_PER_QUEUE;
      const created = Number(raw[at + 4]);
      return {
        queue,
        waiting: Number(raw[at]),
        active: Number(raw[at + 1]),
        delayed: Number(raw[at + 2]),
        failed: Number(raw[at + 3]),
        oldestWaitingSeconds:
          raw[at + 4] === '' || !Number.isFinite(created) ? null : Math.max(0, (now - created) / 1000),
      };
    });
  }
}
