import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'checks',
    include: ['tools/checks/src/**/*.spec.ts'],
    environment: 'node',
    // Some checks start bash and node processes; the machine may be busy with builds.
    testTimeout: 30_000,
  },
});
