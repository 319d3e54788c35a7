import { z } from 'zod';

/** The areas whose traffic the operator console charts; `other` is everything else (health, docs, fields). */
export const TRAFFIC_AREAS = [
  'subscribers',
  'polls',
  'payments',
  'deliverability',
  'analytics',
  'other',
] as const;
export type TrafficArea = (typeof TRAFFIC_AREAS)[number];

/** Requests of one area during one step, summed over every API process and instance. */
export interface AreaTrafficPoint {
  /** Start of the step (ISO 8601). */
  at: string;
  requests: number;
  /** Answers with status >= 500. */
  errors: number;
  /** 99th percentile latency in milliseconds over the step, `null` when there was no request. */
  p99Ms: number | null;
}

/** One write-behind queue during one step (sampled at the step's end). */
export interface QueueTrafficPoint {
  at: string;
  waiting: number;
  failed: number;
  /** Age of the oldest waiting job in seconds (write-behind lag), `null` when nothing waits. */
  oldestWaitingSeconds: number | null;
}

/** `GET /system/traffic?minutes=`: recent traffic for the overview's live charts. */
export interface SystemTraffic {
  stepSeconds: number;
  from: string;
  to: string;
  areas: { area: TrafficArea; points: AreaTrafficPoint[] }[];
  queues: { queue: string; points: QueueTrafficPoint[] }[];
}

/** How far back the per-step figures are kept (minutes); `minutes` may not ask for more. */
export const TRAFFIC_MAX_MINUTES = 20;

/** Query of `GET /system/traffic`: the last `minutes` (1-20, default 15). */
export const systemTrafficQuerySchema = z.object({
  minutes: z.coerce.number().int().min(1).max(TRAFFIC_MAX_MINUTES).default(15),
});
export type SystemTrafficQuery = z.output<typeof systemTrafficQuerySchema>;
