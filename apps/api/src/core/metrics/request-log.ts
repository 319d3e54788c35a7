import pino, { type Logger } from 'pino';
import { shouldLogRequest, type RequestLogMode } from './request-log-mode';

export interface RequestLogEntry {
  requestId: string;
  method: string;
  route: string;
  statusCode: number;
  durationMs: number;
}

/**
 * One JSON line per logged request on stdout, written by pino (Fastify's logger) in the shape of the app's
 * other log lines: {level, pid, timestamp, message, context, ...}. Writes are buffered off the request path
 * (pino flushes them when the process exits).
 */
export class RequestLog {
  private readonly logger: Logger;

  constructor(
    readonly mode: RequestLogMode,
    destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false }),
  ) {
    this.logger = pino(
      {
        base: { pid: process.pid, context: 'Request' },
        messageKey: 'message',
        timestamp: () => `,"timestamp":${Date.now()}`,
        formatters: { level: (label) => ({ level: label === 'info' ? 'log' : label }) },
      },
      destination,
    );
  }

  wants(statusCode: number): boolean {
    return shouldLogRequest(this.mode, statusCode, Math.random);
  }

  write(entry: RequestLogEntry): void {
    if (entry.statusCode >= 500) this.logger.error(entry, 'request');
    else this.logger.info(entry, 'request');
  }
}
