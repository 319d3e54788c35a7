import { defineConfig, mergeConfig } from 'vitest/config';
import { apiVitestBase } from './vitest.shared.mts';

export default mergeConfig(
  apiVitestBase,
  defineConfig({
    test: {
      name: 'api-integration',
      include: ['apps/api/test/**/*.int-spec.ts'],
      environment: 'node',
      globalSetup: ['apps/api/test/support/global-setup.ts'],
      // One database and Redis DB shared by the files: run them one after another.
      fileParallelism: false,
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  }),
);
