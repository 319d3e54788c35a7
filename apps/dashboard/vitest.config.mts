import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue()],
  resolve: { conditions: ['@hotpath/source', ...defaultClientConditions] },
  test: {
    name: 'dashboard',
    include: ['src/**/*.spec.ts'],
    environment: 'happy-dom',
    restoreMocks: true,
  },
});
