/**
 * Errors of a Redis client (ioredis or node-redis) that could not reach Redis in time: the server is down,
 * restarting or the connection broke. They mean "try again later" (503), never a bug (500).
 */
const UNAVAILABLE_NAMES = new Set([
  'MaxRetriesPerRequestError',
  'ClientClosedError',
  'ClientOfflineError',
  'SocketClosedUnexpectedlyError',
  'ConnectionTimeoutError',
  'ReconnectStrategyError',
]);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = [
  /connection is closed/i,
  /command timed out/i,
  /stream isn't writeable/i,
  /max retries per request/i,
  /the client is (closed|offline)/i,
  /socket closed unexpectedly/i,
  /LOADING redis is loading/i,
  /MISCONF/,
];

export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (UNAVAILABLE_NAMES.has(error.name) || UNAVAILABLE_NAMES.has(error.constructor.name)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}
