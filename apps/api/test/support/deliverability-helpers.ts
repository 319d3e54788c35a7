import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import type { DomainCounts, DomainReport, DomainStatus, Envelope, EventType } from '@hotpath/contracts';
import type { Queue } from 'bull';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { expect, vi } from 'vitest';
import { QueueName } from '../../src/core/queue/queue-names';
import { DeliverabilityService } from '../../src/modules/deliverability/deliverability.service';
import { DomainCountersRepository } from '../../src/modules/deliverability/domain-counters.repository';
import { api, useSpecApp } from './spec-app';
import { eventually, resetState, startWorker } from './test-app';
import { TEST_ENV } from './test-env';

export const DELIVERABILITY_TABLES = ['domains', 'domain_status_counts', 'queue_applied_batches'];

export interface StoredDomain extends DomainCounts {
  name: string;
  status: DomainStatus;
}

export function eventsQueue(app: INestApplicationContext): Queue {
  return app.get<Queue>(getQueueToken(QueueName.DeliverabilityEvents));
}

/** Waits until no event batch is waiting, delayed or running, and none has failed. */
export async function drained(app: INestApplicationContext, timeoutMs = 20_000): Promise<void> {
  const queue = eventsQueue(app);
  await eventually(async () => {
    const counts = await queue.getJobCounts();
    if (counts.failed > 0) throw new Error(`${counts.failed} event batches failed`);
    const busy = counts.waiting + counts.active + counts.delayed;
    if (busy > 0) throw new Error(`${busy} event batches still queued: ${JSON.stringify(counts)}`);
  }, timeoutMs);
}

export async function storedDomains(app: INestApplicationContext): Promise<Map<string, StoredDomain>> {
  const rows: Array<{
    name: string;
    delivered: string | number;
    bounced: string | number;
    status: DomainStatus;
  }> = await app.get(DataSource).query('SELECT name, delivered, bounced, status FROM domains');
  return new Map(
    rows.map((row) => [
      row.name,
      { name: row.name, delivered: Number(row.delivered), bounced: Number(row.bounced), status: row.status },
    ]),
  );
}

export async function statusCounts(app: INestApplicationContext): Promise<Record<string, number>> {
  const rows: Array<{ status: string; n: string | number }> = await app
    .get(DataSource)
    .query('SELECT status, SUM(count) AS n FROM domain_status_counts GROUP BY status HAVING SUM(count) <> 0');
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/** Fills Redis from MySQL as the worker's refill job does, so that the counters count as complete. */
export async function completeCounters(app: INestApplicationContext): Promise<void> {
  const { complete } = await app.get(DeliverabilityService).refillCounters();
  if (!complete) throw new Error('the counters could not be marked complete');
}

/** A domain's counters as Redis holds them (`delivered:bounced`), or null when Redis has none. */
export async function redisCounters(app: INestApplicationContext, domain: string): Promise<string | null> {
  const counts = await app.get(DomainCountersRepository).read(domain);
  return counts === null ? null : `${counts.delivered}:${counts.bounced}`;
}

export async function flushRedis(): Promise<void> {
  const redis = new Redis(TEST_ENV.REDIS_URL);
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

export const events = (
  domain: string,
  type: EventType,
  count: number,
): Array<{ domain: string; type: EventType }> => Array.from({ length: count }, () => ({ domain, type }));

/** The spec file's API and worker; before each test no batch is left, the tables are empty, the counters complete. */
export function useDeliverabilityApp(): void {
  useSpecApp({
    startWorker: () => startWorker(),
    reset: async (app) => {
      vi.restoreAllMocks();
      await drained(app);
      await resetState(app, DELIVERABILITY_TABLES);
      await completeCounters(app);
    },
  });
}

export const put = (domain: string, type: string) =>
  api.inject({ method: 'PUT', url: `/events/${encodeURIComponent(domain)}/${type}` });

export const postEvents = (body: unknown) =>
  api.inject({ method: 'POST', url: '/events', payload: body as object });

export const postNdjson = (lines: string[], url = '/events') =>
  api.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-ndjson' },
    payload: lines.join('\n'),
  });

export async function report(domain: string): Promise<DomainReport> {
  const response = await api.inject({ method: 'GET', url: `/domains/${encodeURIComponent(domain)}` });
  expect(response.statusCode).toBe(200);
  return response.json<Envelope<DomainReport>>().data;
}

/** Posts the events in requests of at most 10,000. */
export async function send(body: Array<{ domain: string; type: string }>): Promise<void> {
  for (let start = 0; start < body.length; start += 10_000) {
    const response = await postEvents(body.slice(start, start + 10_000));
    expect(response.statusCode).toBe(202);
  }
}

export async function rowCount(): Promise<number> {
  const rows: Array<{ n: string | number }> = await api
    .get(DataSource)
    .query('SELECT COUNT(*) AS n FROM domains');
  return Number(rows[0]?.n);
}
