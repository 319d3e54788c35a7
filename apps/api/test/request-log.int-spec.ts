import { afterEach, describe, expect, it } from 'vitest';
import { ApiProcess, type LogLine } from './support/api-process';
import { migrateDatabase } from '../src/core/database/migrate';
import { PrivateMariadb } from './support/private-servers';
import { getFresh } from './support/prometheus';
import { eventually } from './support/test-app';

const API_PORT = 3225;

function requestLines(api: ApiProcess): LogLine[] {
  return api.logLines().filter((line) => line.context === 'Request');
}

async function requests(api: ApiProcess, path: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) expect((await getFresh(api.url(path))).status).toBe(200);
}

describe('LOG_REQUESTS: one JSON line per logged request', () => {
  let api: ApiProcess | undefined;
  let mysql: PrivateMariadb | undefined;

  afterEach(async () => {
    await api?.stop();
    await mysql?.destroy();
    api = undefined;
    mysql = undefined;
  });

  it('errors: nothing for answered requests, a line for a 5xx', async () => {
    // A private MariaDB that can be killed: readiness then answers 503, the 5xx to log.
    mysql = await PrivateMariadb.start();
    await migrateDatabase(mysql.url('hotpath_t_metrics_log'));
    api = await ApiProcess.start(API_PORT, {
      LOG_REQUESTS: 'errors',
      DATABASE_URL: mysql.url('hotpath_t_metrics_log'),
    });
    await requests(api, '/health', 20);
    expect((await getFresh(api.url('/health/ready'))).status).toBe(200);
    await mysql.kill();
    const ready = await getFresh(api.url('/health/ready'), { 'x-request-id': 'ready-while-mysql-down' });
    expect(ready.status).toBe(503);
    await eventually(async () => {
      expect(requestLines(api!)).toEqual([
        expect.objectContaining({
          level: 'error',
          message: 'request',
          requestId: 'ready-while-mysql-down',
          method: 'GET',
          route: '/health/ready',
          statusCode: 503,
          durationMs: expect.any(Number) as unknown,
          timestamp: expect.any(Number) as unknown,
        }),
      ]);
    });
  }, 120_000);

  it('a sample rate logs about that share of requests', async () => {
    api = await ApiProcess.start(API_PORT, { LOG_REQUESTS: '0.5' });
    await requests(api, '/health', 200);
    await eventually(async () => {
      expect(requestLines(api!).length).toBeGreaterThan(0);
    });
    await new Promise((wait) => setTimeout(wait, 200));
    // Binomial(200, 0.5): outside 50-150 has a chance of about 1e-12.
    const lines = requestLines(api);
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.length).toBeLessThan(150);
    expect(lines.every((line) => line['route'] === '/health' && line['statusCode'] === 200)).toBe(true);
  }, 120_000);
});
