import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'contracts', include: ['libs/contracts/src/**/*.spec.ts'], environment: 'node' },
});
