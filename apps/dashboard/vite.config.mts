import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type ProxyOptions } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const port = Number(process.env['DASHBOARD_PORT'] ?? 5173);
const apiUrl = process.env['API_URL'] ?? 'http://127.0.0.1:3000';

// The app calls the API only through /api; dev server and preview forward it with the prefix stripped.
// /admin (the API's queue board, a page of its own) is forwarded as it is, so its links and assets resolve.
const apiProxy: Record<string, ProxyOptions> = {
  '/api': {
    target: apiUrl,
    changeOrigin: true,
    rewrite: (path) => path.replace(/^\/api/, ''),
  },
  '/admin': { target: apiUrl, changeOrigin: true },
};

export default defineConfig({
  root,
  plugins: [vue()],
  resolve: {
    // "@hotpath/source" makes @hotpath/contracts resolve to its TypeScript source, so no lib build is needed in dev.
    conditions: ['@hotpath/source', ...defaultClientConditions],
  },
  server: { port, strictPort: true, proxy: apiProxy },
  preview: { port, strictPort: true, proxy: apiProxy },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
