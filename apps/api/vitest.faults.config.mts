import { defineConfig, mergeConfig } from 'vitest/config';
import { apiVitestBase } from './vitest.shared.mts';

/**
 * The fault tier: each file starts its own redis-server and mariadbd, runs the BUILT API and worker as real
 * processes and kills things with -9. Needs `npx nx run api:build` first (test-all builds before this tier).
 */
export default mergeConfig(
  apiVitestBase,
  defineConfig({
    test: {
      name: 'api-faults',
      include: ['apps/api/test/faults/**/*.fault-spec.ts'],
      environment: 'node',
      fileParallelism: false,
      testTimeout: 180_000,
      hookTimeout: 120_000,
    },
  }),
);
