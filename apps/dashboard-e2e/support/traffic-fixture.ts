import type { Page } from '@playwright/test';
import { TRAFFIC_AREAS, type SystemTraffic } from '@hotpath/contracts';

/**
 * STAND-IN for `GET /system/traffic`, which the ops-metrics branch adds to the API. Until it is merged the
 * e2e API answers 404 there, and the overview's live charts could not be shown or photographed. This route
 * answers that ONE endpoint with a generated 15-minute history; every other request reaches the real API.
 * Remove it (and its uses) once the real endpoint is in.
 */
export async function standInTrafficEndpoint(page: Page, now = Date.now()): Promise<void> {
  await page.route('**/api/system/traffic*', async (route) => {
    await route.fulfill({ json: generatedTraffic(now) });
  });
}

function generatedTraffic(now: number): SystemTraffic {
  const stepSeconds = 10;
  const steps = (15 * 60) / stepSeconds;
  const end = Math.floor(now / (stepSeconds * 1000)) * stepSeconds * 1000;
  const at = (index: number): string => new Date(end - (steps - 1 - index) * stepSeconds * 1000).toISOString();
  const wave = (index: number, phase: number): number => 0.5 + 0.5 * Math.sin(index / 9 + phase);
  return {
    stepSeconds,
    from: at(0),
    to: new Date(end + stepSeconds * 1000).toISOString(),
    areas: TRAFFIC_AREAS.map((area, areaIndex) => ({
      area,
      points: Array.from({ length: steps }, (_, index) => {
        const requests = Math.round((area === 'other' ? 20 : 400 + 300 * areaIndex) * (0.6 + wave(index, areaIndex)));
        return {
          at: at(index),
          requests,
          errors: index % 37 === areaIndex ? Math.ceil(requests / 200) : 0,
          p99Ms: Number((4 + 3 * areaIndex + 6 * wave(index, areaIndex + 1)).toFixed(1)),
        };
      }),
    })),
    queues: ['poll-votes', 'deliverability-events', 'analytics-events'].map((queue, queueIndex) => ({
      queue,
      points: Array.from({ length: steps }, (_, index) => {
        const waiting = Math.round(40 * wave(index, queueIndex * 2));
        return {
          at: at(index),
          waiting,
          failed: 0,
          oldestWaitingSeconds: waiting === 0 ? null : Number((0.05 + wave(index, queueIndex) * 0.4).toFixed(2)),
        };
      }),
    })),
  };
}
