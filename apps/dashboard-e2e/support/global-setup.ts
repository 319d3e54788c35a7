import { assertStillRunning, flushRedis, resetDatabase, startProcess, stopProcesses, waitForApi } from './stack';

/**
 * A fresh database and Redis DB, then the built API and worker on them. Playwright starts `webServer`
 * entries before global setup, so the API is started here: it must not boot before its database exists.
 */
export default async function globalSetup(): Promise<void> {
  await resetDatabase();
  await flushRedis();
  try {
    const api = startProcess('API', 'api');
    const worker = startProcess('worker', 'worker');
    await waitForApi(api.exited);
    await assertStillRunning('worker', worker.exited);
  } catch (error) {
    await stopProcesses();
    throw error;
  }
}
