/** What one wrk run reported through the bench's Lua script (lua/requests.lua, `done`). */
export interface WrkResult {
  requests: number;
  durationUs: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { mean: number; max: number; p50: number; p90: number; p99: number };
  /** Requests handed out per thread (thread order); with a pool that does not wrap, the prefix sent. */
  sentByThread: number[];
  /** Threads that ran out of requests before the duration was over. */
  exhaustedThreads: number;
  /** Responses per status, when the script counted them (it does when a scenario expects more than 200). */
  statuses: Record<string, number> | undefined;
}

const MARKER = 'WRK_RESULT ';

/** Why a wrk run gave nothing usable; the message quotes the output. */
export class WrkOutputError extends Error {
  override readonly name = 'WrkOutputError';
}

function numberAt(source: Record<string, unknown>, key: string, where: string): number {
  const value = source[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new WrkOutputError(`wrk result: ${where}.${key} is not a number (${JSON.stringify(value)})`);
  }
  return value;
}

function objectAt(source: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = source[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WrkOutputError(`wrk result: ${key} is missing`);
  }
  return value as Record<string, unknown>;
}

/**
 * Reads wrk's stdout: its own text summary followed by the `WRK_RESULT {...}` line the bench's Lua `done`
 * prints. Only the marked line is trusted for figures (wrk's text rounds and switches units); the text is
 * quoted when that line is missing, e.g. because wrk could not connect at all.
 */
export function parseWrkOutput(stdout: string): WrkResult {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(MARKER));
  if (line === undefined) {
    throw new WrkOutputError(`wrk printed no ${MARKER.trim()} line:\n${stdout.trim().slice(0, 2000)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(line.slice(MARKER.length));
  } catch (error) {
    throw new WrkOutputError(`wrk result is not JSON (${String(error)}): ${line}`);
  }
  if (typeof raw !== 'object' || raw === null)
    throw new WrkOutputError(`wrk result is not an object: ${line}`);
  const result = raw as Record<string, unknown>;
  const errors = objectAt(result, 'errors');
  const latency = objectAt(result, 'latencyUs');
  const sentByThread = result['sentByThread'];
  if (!Array.isArray(sentByThread) || !sentByThread.every((value) => typeof value === 'number')) {
    throw new WrkOutputError(`wrk result: sentByThread is not a list of numbers: ${line}`);
  }
  const statusesRaw = objectAt(result, 'statuses');
  const statuses: Record<string, number> = {};
  for (const status of Object.keys(statusesRaw)) statuses[status] = numberAt(statusesRaw, status, 'statuses');
  const statusesCounted = result['statusesCounted'] === true;
  return {
    requests: numberAt(result, 'requests', 'result'),
    durationUs: numberAt(result, 'durationUs', 'result'),
    bytes: numberAt(result, 'bytes', 'result'),
    errors: {
      connect: numberAt(errors, 'connect', 'errors'),
      read: numberAt(errors, 'read', 'errors'),
      write: numberAt(errors, 'write', 'errors'),
      status: numberAt(errors, 'status', 'errors'),
      timeout: numberAt(errors, 'timeout', 'errors'),
    },
    latencyUs: {
      mean: numberAt(latency, 'mean', 'latencyUs'),
      max: numberAt(latency, 'max', 'latencyUs'),
      p50: numberAt(latency, 'p50', 'latencyUs'),
      p90: numberAt(latency, 'p90', 'latencyUs'),
      p99: numberAt(latency, 'p99', 'latencyUs'),
    },
    sentByThread: sentByThread,
    exhaustedThreads: numberAt(result, 'exhaustedThreads', 'result'),
    statuses: statusesCounted ? statuses : undefined,
  };
}

/**
 * Responses per status: the script's own count when it kept one, otherwise what wrk itself knows (2xx/3xx
 * versus the rest), with the rest filed under "non-2xx" so that no expected status can match it.
 */
export function statusCounts(result: WrkResult): Record<string, number> {
  if (result.statuses !== undefined) return { ...result.statuses };
  const counts: Record<string, number> = {};
  const ok = result.requests - result.errors.status;
  if (ok > 0) counts['200'] = ok;
  if (result.errors.status > 0) counts['non-2xx'] = result.errors.status;
  return counts;
}

/** One outcome the script logged: the request id it sent, the status, and the body when sampled. */
export interface LoggedOutcome {
  requestId: string;
  status: number;
  body: string;
}

/** Reads an outcome file written by the Lua `response`: records `<id> <status> <body length>\n<body>\n`. */
export function parseOutcomes(data: Buffer): LoggedOutcome[] {
  const outcomes: LoggedOutcome[] = [];
  let position = 0;
  while (position < data.length) {
    const newline = data.indexOf(10, position);
    if (newline === -1) throw new WrkOutputError(`outcome file: unterminated header at byte ${position}`);
    const header = data.toString('latin1', position, newline).split(' ');
    const [requestId, statusText, lengthText] = header;
    const status = Number(statusText);
    const length = Number(lengthText);
    if (
      requestId === undefined ||
      header.length !== 3 ||
      !Number.isInteger(status) ||
      !Number.isInteger(length)
    ) {
      throw new WrkOutputError(`outcome file: bad record header "${header.join(' ')}" at byte ${position}`);
    }
    const bodyStart = newline + 1;
    const bodyEnd = bodyStart + length;
    if (bodyEnd + 1 > data.length) {
      throw new WrkOutputError(`outcome file: record for ${requestId} is cut short`);
    }
    outcomes.push({ requestId, status, body: data.toString('utf8', bodyStart, bodyEnd) });
    position = bodyEnd + 1;
  }
  return outcomes;
}
