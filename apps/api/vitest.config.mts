import { defineConfig, mergeConfig } from 'vitest/config';
import { apiVitestBase } from './vitest.shared.mts';

export default mergeConfig(
  apiVitestBase,
  defineConfig({
    test: { name: 'api-unit', include: ['apps/api/src/**/*.spec.ts'], environment: 'node' },
  }),
);
