/**
 * The one place that reads MySQL/MariaDB error codes. Everything that must decide what a database failure
 * means (retry the transaction, treat as a duplicate, answer 503) asks `classifyMysqlError`.
 */
export type MysqlErrorKind = 'deadlock' | 'duplicate' | 'unavailable' | 'other';

interface DriverErrorFields {
  code?: unknown;
  errno?: unknown;
  message?: unknown;
  fatal?: unknown;
  driverError?: DriverErrorFields;
}

/** Deadlock (1213) and lock wait timeout (1205): the transaction was rolled back and may simply run again. */
const LOCK_CONFLICTS = new Set([1213, 1205]);
const LOCK_CONFLICT_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
/** Errors of a server that is down, restarting, out of connections or unreachable: try again later. */
const UNAVAILABLE_ERRNOS = new Set([
  1040, // too many connections
  1053, // server shutdown in progress
  1152, // aborted connection
  1927, // connection was killed (MariaDB)
  2002, // cannot connect through socket
  2003, // cannot connect to server
  2006, // server has gone away
  2013, // lost connection during query
  4031, // disconnected by the server for inactivity
]);
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_CLIENT_INTERACTION_TIMEOUT',
  'CR_CONNECTION_ERROR',
  'CR_CONN_HOST_ERROR',
  'CR_SERVER_GONE_ERROR',
  'CR_SERVER_LOST',
]);
/** mysql2 and TypeORM messages of a pool or connection that can no longer be used. */
const UNAVAILABLE_MESSAGES = [
  /can't add new command when connection is in closed state/i,
  /pool is closed/i,
  /connection lost/i,
  /connection is not (yet )?established/i,
  /connect etimedout/i,
  /queue limit reached/i,
];

function fieldsOf(error: unknown): DriverErrorFields | null {
  return typeof error === 'object' && error !== null ? error : null;
}

/** What a database failure means for the caller. */
export function classifyMysqlError(error: unknown): MysqlErrorKind {
  const outer = fieldsOf(error);
  if (outer === null) return 'other';
  const inner = fieldsOf(outer.driverError) ?? outer;
  const code = typeof inner.code === 'string' ? inner.code : typeof outer.code === 'string' ? outer.code : '';
  const errno =
    typeof inner.errno === 'number' ? inner.errno : typeof outer.errno === 'number' ? outer.errno : -1;
  if (code === 'ER_DUP_ENTRY' || errno === 1062) return 'duplicate';
  if (LOCK_CONFLICT_CODES.has(code) || LOCK_CONFLICTS.has(errno)) return 'deadlock';
  if (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_ERRNOS.has(errno)) return 'unavailable';
  const message = typeof inner.message === 'string' ? inner.message : '';
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return 'unavailable';
  // mysql2 marks errors that broke the connection itself as fatal.
  if (inner.fatal === true) return 'unavailable';
  return 'other';
}

/** True when a query failed on a unique index (MySQL and MariaDB error 1062). */
export function isDuplicateKeyError(error: unknown): boolean {
  return classifyMysqlError(error) === 'duplicate';
}

/** True for a deadlock or lock wait timeout: the rolled-back transaction may run again as it is. */
export function isLockConflict(error: unknown): boolean {
  return classifyMysqlError(error) === 'deadlock';
}

/** True when MySQL could not be reached or dropped the connection: a 503, not a 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return classifyMysqlError(error) === 'unavailable';
}
