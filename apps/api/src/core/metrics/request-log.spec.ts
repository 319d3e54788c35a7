import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log';
import { parseRequestLogMode, REQUEST_LOG_MODE, shouldLogRequest } from './request-log-mode';

describe('LOG_REQUESTS', () => {
  it('accepts all, errors, off and rates between 0 and 1', () => {
    for (const value of ['all', 'errors', 'off', '0', '0.01', '1', '1.0'])
      expect(REQUEST_LOG_MODE.test(value)).toBe(true);
    for (const value of ['1.5', '-0.1', 'some', '', '.5']) expect(REQUEST_LOG_MODE.test(value)).toBe(false);
    expect(parseRequestLogMode('off')).toBe('off');
    expect(parseRequestLogMode('0')).toBe(0);
    expect(parseRequestLogMode('0.25')).toBe(0.25);
    expect(parseRequestLogMode('errors')).toBe('errors');
  });

  it('logs every request, only 5xx, or every 5xx plus a sample of the rest', () => {
    const never = (): number => 0.999;
    const always = (): number => 0;
    expect(shouldLogRequest('all', 200, never)).toBe(true);
    expect(shouldLogRequest('errors', 404, always)).toBe(false);
    expect(shouldLogRequest('errors', 503, never)).toBe(true);
    expect(shouldLogRequest(0.1, 200, always)).toBe(true);
    expect(shouldLogRequest(0.1, 200, never)).toBe(false);
    expect(shouldLogRequest(0.1, 500, never)).toBe(true);
    expect(shouldLogRequest(0, 200, always)).toBe(false);
    expect(shouldLogRequest(0, 500, never)).toBe(true);
    expect(shouldLogRequest('off', 500, always)).toBe(false);
    expect(shouldLogRequest('off', 200, always)).toBe(false);
  });

  it('writes one JSON line in the shape of the app log', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const log = new RequestLog('all', sink);
    log.write({ requestId: 'r-1', method: 'GET', route: '/polls/:id', statusCode: 200, durationMs: 1.5 });
    log.write({ requestId: 'r-2', method: 'PUT', route: 'unmatched', statusCode: 502, durationMs: 3 });
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({
        level: 'log',
        context: 'Request',
        message: 'request',
        pid: process.pid,
        requestId: 'r-1',
        route: '/polls/:id',
        statusCode: 200,
        durationMs: 1.5,
        timestamp: expect.any(Number) as unknown,
      }),
      expect.objectContaining({ level: 'error', requestId: 'r-2', method: 'PUT', statusCode: 502 }),
    ]);
  });
});
