import {
  TRAFFIC_AREAS,
  TRAFFIC_MAX_MINUTES,
  type AreaTrafficPoint,
  type QueueTrafficPoint,
  type SystemTraffic,
  type TrafficArea,
} from '@hotpath/contracts';
import type { QueueName } from '../queue/queue-names';
import type { QueueStats } from '../queue/queue-stats.repository';
import { WRITE_QUEUES } from '../queue/write-queues';
import { LATENCY_BUCKET_COUNT, latencyBucketOf, quantileFromBuckets } from './latency-buckets';

/** Width of one point of GET /system/traffic; each process adds its counts to Redis once per step. */
export const TRAFFIC_STEP_SECONDS = 10;
/** Seconds a step's figures stay in Redis: a little more than the longest range one may ask for. */
export const TRAFFIC_KEEP_SECONDS = (TRAFFIC_MAX_MINUTES + 2) * 60;
/** The write-behind queues whose depth and lag the overview charts. */
export const TRAFFIC_QUEUES: readonly QueueName[] = WRITE_QUEUES;

export function stepOf(epochMs: number): number {
  return Math.floor(epochMs / (TRAFFIC_STEP_SECONDS * 1000));
}

export const AREA_INDEX: ReadonlyMap<TrafficArea, number> = new Map(
  TRAFFIC_AREAS.map((area, index) => [area, index]),
);

/** One process's requests during one step: counts, 5xx and latency buckets per area. */
export class StepCounts {
  private readonly requests = new Uint32Array(TRAFFIC_AREAS.length);
  private readonly errors = new Uint32Array(TRAFFIC_AREAS.length);
  private readonly buckets = new Uint32Array(TRAFFIC_AREAS.length * LATENCY_BUCKET_COUNT);
  private total = 0;

  add(areaIndex: number, statusCode: number, durationMs: number): void {
    this.total++;
    this.requests[areaIndex]! += 1;
    if (statusCode >= 500) this.errors[areaIndex]! += 1;
    this.buckets[areaIndex * LATENCY_BUCKET_COUNT + latencyBucketOf(durationMs)]! += 1;
  }

  get empty(): boolean {
    return this.total === 0;
  }

  /** The non-zero counts as hash fields (`<area>:n`, `<area>:e`, `<area>:b<bucket>`), to add with HINCRBY. */
  toFields(): [string, number][] {
    const fields: [string, number][] = [];
    TRAFFIC_AREAS.forEach((area, index) => {
      if (this.requests[index] === 0) return;
      fields.push([`${area}:n`, this.requests[index]!]);
      if (this.errors[index]! > 0) fields.push([`${area}:e`, this.errors[index]!]);
      for (let bucket = 0; bucket < LATENCY_BUCKET_COUNT; bucket++) {
        const count = this.buckets[index * LATENCY_BUCKET_COUNT + bucket]!;
        if (count > 0) fields.push([`${area}:b${bucket}`, count]);
      }
    });
    return fields;
  }
}

/** A queue sample as hash fields (`q:<queue>:w|f|o`), written once per step by one process. */
export function queueSampleFields(stats: readonly QueueStats[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const queue of stats) {
    fields[`q:${queue.queue}:w`] = String(queue.waiting);
    fields[`q:${queue.queue}:f`] = String(queue.failed);
    if (queue.oldestWaitingSeconds !== null)
      fields[`q:${queue.queue}:o`] = queue.oldestWaitingSeconds.toFixed(3);
  }
  return fields;
}

function count(hash: Record<string, string>, field: string): number {
  const value = hash[field];
  return value === undefined ? 0 : Number(value);
}

/**
 * The answer of GET /system/traffic from the hashes of consecutive steps (`hashes[i]` is step `firstStep + i`,
 * each already summed over every process by HINCRBY). p99 is computed from the latency buckets, so it is
 * bucket-bounded (interpolated within the bucket it falls in).
 */
export function buildSystemTraffic(
  firstStep: number,
  hashes: readonly Record<string, string>[],
): SystemTraffic {
  const stepMs = TRAFFIC_STEP_SECONDS * 1000;
  const at = hashes.map((_, index) => new Date((firstStep + index) * stepMs).toISOString());
  const areas = TRAFFIC_AREAS.map((area) => ({
    area,
    points: hashes.map((hash, index): AreaTrafficPoint => {
      const buckets = Array.from({ length: LATENCY_BUCKET_COUNT }, (_, bucket) =>
        count(hash, `${area}:b${bucket}`),
      );
      const p99 = quantileFromBuckets(buckets, 0.99);
      return {
        at: at[index]!,
        requests: count(hash, `${area}:n`),
        errors: count(hash, `${area}:e`),
        p99Ms: p99 === null ? null : Math.round(p99 * 100) / 100,
      };
    }),
  }));
  const queues = TRAFFIC_QUEUES.map((queue) => ({
    queue,
    points: hashes.map((hash, index): QueueTrafficPoint => {
      const oldest = hash[`q:${queue}:o`];
      return {
        at: at[index]!,
        waiting: count(hash, `q:${queue}:w`),
        failed: count(hash, `q:${queue}:f`),
        oldestWaitingSeconds: oldest === undefined ? null : Number(oldest),
      };
    }),
  }));
  return {
    stepSeconds: TRAFFIC_STEP_SECONDS,
    from: new Date(firstStep * stepMs).toISOString(),
    to: new Date((firstStep + hashes.length) * stepMs).toISOString(),
    areas,
    queues,
  };
}
