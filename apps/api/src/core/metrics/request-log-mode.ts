/** `LOG_REQUESTS`: every request, only 5xx answers, nothing, or every 5xx plus this fraction of the rest. */
export type RequestLogMode = 'all' | 'errors' | 'off' | number;

export const REQUEST_LOG_MODE = /^(all|errors|off|0(\.\d+)?|1(\.0+)?)$/;

export function parseRequestLogMode(value: string): RequestLogMode {
  if (value === 'all' || value === 'errors' || value === 'off') return value;
  return Number(value);
}

/** Whether one request is logged; `random` gives a number in [0, 1). */
export function shouldLogRequest(mode: RequestLogMode, statusCode: number, random: () => number): boolean {
  if (mode === 'off') return false;
  if (mode === 'all' || statusCode >= 500) return true;
  if (mode === 'errors') return false;
  return mode > 0 && random() < mode;
}
