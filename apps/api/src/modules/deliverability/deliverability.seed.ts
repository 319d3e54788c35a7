import type { INestApplicationContext } from '@nestjs/common';
import { DeliverabilityService } from './deliverability.service';
import { DomainsRepository } from './domains.repository';
import type { DomainDelta } from './domain-deltas';

/**
 * Demo domains, one per status and one on each side of the threshold, applied as fixed batches. A batch whose
 * domains exist already is skipped, so running the seed again adds nothing.
 */
const DEMO_BATCHES: Array<{ batchId: string; deltas: DomainDelta[] }> = [
  {
    batchId: 'a5e7d0c2-5eed-4d1b-9c00-000000000001',
    deltas: [
      ['catch-all.example.com', 1500, 0],
      ['bounces.example.com', 2400, 1],
      ['threshold.example.com', 1000, 0],
      ['new.example.net', 12, 0],
    ],
  },
  {
    batchId: 'a5e7d0c2-5eed-4d1b-9c00-000000000002',
    deltas: [
      ['another-catch-all.example.org', 1001, 0],
      ['mostly-bounces.example.org', 40, 25],
    ],
  },
];

export async function seedDeliverability(app: INestApplicationContext): Promise<string> {
  const service = app.get(DeliverabilityService);
  const domains = app.get(DomainsRepository);
  let applied = 0;
  for (const batch of DEMO_BATCHES) {
    const existing = await domains.countsOf(batch.deltas.map(([domain]) => domain));
    if (existing.length === 0 && (await service.applyBatch(batch.batchId, batch.deltas))) applied++;
  }
  const total = DEMO_BATCHES.reduce((sum, batch) => sum + batch.deltas.length, 0);
  return applied === 0
    ? `${total} demo domains already there`
    : `${applied} demo batches applied (${total} domains: catch-all, not catch-all and unknown)`;
}
