import { defineConfig, mergeConfig } from 'vitest/config';
import { apiVitestBase } from './vitest.shared.mts';

/**
 * The scale tier: a real Redis Cluster, a MariaDB primary with a replica, and a fleet of built API and worker
 * processes behind HAProxy. Each file starts its own private servers; they run one after another.
 */
export default mergeConfig(
  apiVitestBase,
  defineConfig({
    test: {
      name: 'api-scale',
      include: ['apps/api/test/scale/**/*.scale-spec.ts'],
      environment: 'node',
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }),
);
