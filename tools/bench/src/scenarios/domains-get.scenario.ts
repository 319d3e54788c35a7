import { domainStatus, type DomainReport, type DomainStatus, type Envelope } from '@hotpath/contracts';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { pickRandom } from '../lib/emails';
import { BENCH_REDIS_URL } from '../lib/redis';
import type { Scenario, ScenarioContext } from '../lib/scenario';
import type { Verification } from '../lib/summary';
import { formatNumber } from '../lib/table';

const SEEDED = 100_000;
const UNSEEN_SHARE = 0.1;
const SEED_BATCH_ROWS = 5000;
const SPOT_CHECKS = 20;
const REFILL_TIMEOUT_MS = 120_000;

interface SeededDomain {
  domain: string;
  delivered: number;
  bounced: number;
}

interface DomainsGetState {
  seeded: SeededDomain[];
}

/** Counts shaped like Mailgun's generator: up to 2,500 events, ~35% bounces, every 25th domain none. */
function seededDomains(): SeededDomain[] {
  return Array.from({ length: SEEDED }, (_, index) => {
    const events = 1 + Math.floor(Math.random() * 2500);
    const bounced = (index + 1) % 25 === 0 ? 0 : Math.round(events * 0.35 * Math.random() * 2);
    return {
      domain: `get-${index.toString(36)}.example`,
      delivered: Math.max(0, events - Math.min(bounced, events)),
      bounced: Math.min(bounced, events),
    };
  });
}

/** Inserts the domains straight into MySQL as the worker would have left them (rows and per-status counts). */
async function seedMysql(ctx: ScenarioContext, domains: readonly SeededDomain[]): Promise<void> {
  const perStatus = new Map<DomainStatus, number>();
  const now = new Date();
  for (let start = 0; start < domains.length; start += SEED_BATCH_ROWS) {
    const rows = domains.slice(start, start + SEED_BATCH_ROWS).map((seed) => {
      const status = domainStatus(seed);
      perStatus.set(status, (perStatus.get(status) ?? 0) + 1);
      return [seed.domain, seed.delivered, seed.bounced, status, now];
    });
    await ctx.db.query('INSERT INTO domains (name, delivered, bounced, status, status_since) VALUES ?', [
      rows,
    ]);
  }
  await ctx.db.query(
    'INSERT INTO domain_status_counts (status, shard, count) VALUES ? ON DUPLICATE KEY UPDATE count = count + VALUES(count)',
    [[...perStatus].map(([status, count]) => [status, 0, count])],
  );
}

/**
 * Redis starts empty, so the first read misses, answers from MySQL and asks the worker to refill the counters;
 * waits until the refill has marked them complete (from then on no read touches MySQL).
 */
async function refillCounters(ctx: ScenarioContext, probe: string): Promise<number> {
  const started = Date.now();
  const redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    for (;;) {
      const { status } = await ctx.api.getJson(`/domains/${probe}`);
      if (status !== 200) throw new Error(`GET /domains/${probe} answered ${status}`);
      const [, marks] = await redis.scan('0', 'MATCH', '*deliverability:*:complete', 'COUNT', 100_000);
      if (marks.length > 0) return (Date.now() - started) / 1000;
      if (Date.now() - started > REFILL_TIMEOUT_MS)
        throw new Error('the worker did not refill the Redis counters in time');
      await sleep(500);
    }
  } finally {
    redis.disconnect();
  }
}

/** The seed's read: GET /domains/:domain over 100,000 domains (and 10% never seen), answered from Redis. */
export const domainsGet: Scenario<DomainsGetState> = {
  name: 'domains-get',
  description: `GET /domains/:domain over ${formatNumber(SEEDED)} seeded domains (+${UNSEEN_SHARE * 100}% never seen), from the Redis counters`,
  target: { rps: 27_000, p99Ms: 50 },
  needsWorker: true,
  expectedStatuses: [200],

  async setup(ctx) {
    const seeded = seededDomains();
    await seedMysql(ctx, seeded);
    const seconds = await refillCounters(ctx, seeded[0]?.domain ?? 'example.com');
    ctx.log(
      `seeded ${formatNumber(seeded.length)} domains in MySQL; worker refilled Redis in ${seconds.toFixed(1)} s`,
    );
    return { seeded };
  },

  requests(state) {
    let unseen = 0;
    return [
      {
        method: 'GET',
        setupRequest: (request) => {
          const domain =
            Math.random() < UNSEEN_SHARE
              ? `unseen-${(unseen++).toString(36)}.example`
              : pickRandom(state.seeded).domain;
          return { ...request, path: `/domains/${domain}` };
        },
      },
    ];
  },

  async verify(ctx, state): Promise<Verification> {
    const problems: string[] = [];
    for (let check = 0; check < SPOT_CHECKS; check++) {
      const seed = pickRandom(state.seeded);
      const { status, body } = await ctx.api.getJson(`/domains/${seed.domain}`);
      const expected: DomainReport = {
        domain: seed.domain,
        status: domainStatus(seed),
        delivered: seed.delivered,
        bounced: seed.bounced,
      };
      const data = (body as Partial<Envelope<DomainReport>> | null)?.data;
      if (status !== 200 || JSON.stringify(data) !== JSON.stringify(expected)) {
        problems.push(
          `GET /domains/${seed.domain} answered ${status} ${JSON.stringify(body)}, expected ${JSON.stringify(expected)}`,
        );
      }
    }
    const unseen = await ctx.api.getJson('/domains/never-seen-at-all.example');
    if ((unseen.body as Partial<Envelope<DomainReport>> | null)?.data?.status !== 'unknown') {
      problems.push(`a never-seen domain answered ${JSON.stringify(unseen.body)}`);
    }
    const matched = SPOT_CHECKS - problems.filter((problem) => problem.startsWith('GET')).length;
    return {
      passed: problems.length === 0,
      figures: [{ label: 'spot checks', value: `${matched}/${SPOT_CHECKS} match MySQL` }],
      problems,
    };
  },
};
