import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Structured JSON log lines on stdout, down to the configured level. */
export function createJsonLogger(level: string = process.env['LOG_LEVEL'] ?? 'log'): ConsoleLogger {
  const index = Math.max(LEVELS.indexOf(level as LogLevel), LEVELS.indexOf('error'));
  return new ConsoleLogger({ json: true, logLevels: LEVELS.slice(0, index + 1), colors: false });
}
