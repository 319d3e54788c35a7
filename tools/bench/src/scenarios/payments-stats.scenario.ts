import type { Envelope, PaymentStatistics } from '@hotpath/contracts';
import type { RowDataPacket } from 'mysql2/promise';
import type { Scenario } from '../lib/scenario';
import type { Verification } from '../lib/summary';
import { formatNumber } from '../lib/table';

/** The API's default window, and the shards of each second's bucket (STATS_SHARDS in the payments repository). */
const WINDOW_SECONDS = 1200;
const SHARDS = 8;
/** Buckets are seeded this far back, and as far ahead, so the whole run sees a full window. */
const SEED_SPAN_SECONDS = 3 * 3600;
const SPOT_CHECKS = 5;

interface StatsState {
  buckets: number;
}

interface BucketSums extends RowDataPacket {
  count: string | number | null;
  total: string | number | null;
}

/**
 * GET /payments/statistics over a full default window: every second of it has all its bucket shards, the
 * most rows a window can read. Afterwards a few answers are compared with sums computed straight from MySQL
 * for the exact seconds each answer covers.
 */
export const paymentsStats: Scenario<StatsState> = {
  name: 'payments-stats',
  description: `GET /payments/statistics (default ${WINDOW_SECONDS} s window) over ${SHARDS} bucket rows per second; spot-checked against MySQL`,
  target: { rps: 16_700, p99Ms: 20 },
  expectedStatuses: [200],

  async setup(ctx) {
    const now = Math.floor(Date.now() / 1000);
    let buckets = 0;
    for (let start = now - SEED_SPAN_SECONDS; start <= now + SEED_SPAN_SECONDS; start += 500) {
      const rows: Array<Array<string | number>> = [];
      for (let second = start; second < Math.min(start + 500, now + SEED_SPAN_SECONDS + 1); second++) {
        for (let shard = 0; shard < SHARDS; shard++) {
          const count = 1 + ((second * 7 + shard) % 13);
          const min = 100 + ((second + shard) % 900);
          const max = min + 50_000;
          rows.push(['EUR', second, shard, count, count * min + 25_000 * (count - 1), min, max]);
        }
      }
      // Added to whatever is there already (another scenario's payments), as the API's own writes would be.
      await ctx.db.query(
        `INSERT INTO payment_stats_seconds (currency, bucket_second, shard, count, total_cents, min_cents, max_cents)
         VALUES ? ON DUPLICATE KEY UPDATE count = count + VALUES(count), total_cents = total_cents + VALUES(total_cents),
           min_cents = LEAST(min_cents, VALUES(min_cents)), max_cents = GREATEST(max_cents, VALUES(max_cents))`,
        [rows],
      );
      buckets += rows.length;
    }
    ctx.log(
      `seeded ${formatNumber(buckets)} statistics buckets (${SHARDS} per second, ±${SEED_SPAN_SECONDS / 3600} h)`,
    );
    return { buckets };
  },

  requests() {
    return [{ method: 'GET', path: '/payments/statistics' }];
  },

  async verify(ctx): Promise<Verification> {
    const problems: string[] = [];
    for (let check = 0; check < SPOT_CHECKS; check++) {
      const { status, body } = await ctx.api.getJson('/payments/statistics');
      const data = (body as Partial<Envelope<PaymentStatistics>> | null)?.data;
      if (status !== 200 || data === undefined) {
        problems.push(`GET /payments/statistics answered ${status} with ${JSON.stringify(body)}`);
        continue;
      }
      const fromSecond = Date.parse(data.from) / 1000;
      const toSecond = Math.floor(Date.parse(data.asOf) / 1000);
      const [sums] = await ctx.db.query<BucketSums>(
        `SELECT SUM(count) AS count, SUM(total_cents) AS total FROM payment_stats_seconds
         WHERE currency = 'EUR' AND bucket_second BETWEEN ? AND ?`,
        [fromSecond, toSecond],
      );
      const cents = BigInt(sums?.total ?? 0);
      const expectedTotal = `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
      if (data.windowSeconds !== WINDOW_SECONDS || toSecond - fromSecond + 1 !== WINDOW_SECONDS) {
        problems.push(`the answer covers ${toSecond - fromSecond + 1} s, not ${WINDOW_SECONDS}`);
      }
      if (data.count !== Number(sums?.count ?? 0) || data.total !== expectedTotal) {
        problems.push(
          `answered count ${data.count} total ${data.total}; MySQL has ${String(sums?.count)} / ${expectedTotal}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return {
      passed: problems.length === 0,
      figures: [{ label: 'spot checks', value: `${SPOT_CHECKS - problems.length}/${SPOT_CHECKS} exact` }],
      problems,
    };
  },
};
