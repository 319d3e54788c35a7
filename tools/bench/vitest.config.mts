import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'bench', include: ['tools/bench/src/**/*.spec.ts'], environment: 'node' },
});
