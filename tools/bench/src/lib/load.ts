import autocannon from 'autocannon';
import { countUnexpected, type RunKind, type RunMeasurement } from './measurement';

/**
 * An autocannon request description, which the wrk engine replays too (lib/request-pool.ts).
 * `bodySampleEvery`: hand `onResponse` the body of only every Nth answer ('' otherwise), so that
 * checking bodies does not slow the load generator down.
 */
export type LoadRequest = autocannon.Request & { bodySampleEvery?: number };

/** Applies `bodySampleEvery` for autocannon, which would otherwise hand every body to `onResponse`. */
function withBodySampling(requests: readonly LoadRequest[]): autocannon.Request[] {
  return requests.map((item) => {
    const every = item.bodySampleEvery ?? 0;
    const onResponse = item.onResponse;
    if (every <= 0 || typeof onResponse !== 'function') return item;
    let answered = 0;
    return {
      ...item,
      onResponse: (status, body, context, headers) =>
        onResponse(status, ++answered % every === 0 ? body : '', context, headers),
    };
  });
}

export interface LoadOptions {
  url: string;
  requests: LoadRequest[];
  connections: number;
  durationSeconds: number;
  expectedStatuses: readonly number[];
  /** Stops the run early (Ctrl-C); the partial result is still returned. */
  signal?: AbortSignal;
  /** Called every `progressEverySeconds` with the seconds elapsed and the responses so far. */
  onProgress?: (elapsedSeconds: number, responses: number) => void;
  progressEverySeconds?: number;
}

/** One autocannon run against `url`; per-request variety comes from the requests' setupRequest. */
export async function runLoad(kind: RunKind, index: number, options: LoadOptions): Promise<RunMeasurement> {
  const startedAt = new Date().toISOString();
  let stop = (): void => undefined;
  const onAbort = (): void => stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    // autocannon may call back synchronously (invalid options), so nothing below is needed by the callback.
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        requests: withBodySampling(options.requests),
        timeout: 10,
      },
      (error: unknown, done: autocannon.Result) => {
        if (error === null || error === undefined) resolve(done);
        else
          reject(error instanceof Error ? error : new Error(`autocannon failed: ${JSON.stringify(error)}`));
      },
    );
    stop = () => instance.stop();
    if (options.signal?.aborted === true) stop();
    const every = options.progressEverySeconds ?? 10;
    let elapsed = 0;
    let responses = 0;
    // autocannon passes the per-second counters to 'tick' although its typings do not say so.
    instance.on('tick', (...args: unknown[]) => {
      const counts = args[0] as { counter?: number } | undefined;
      responses += counts?.counter ?? 0;
      elapsed++;
      if (options.onProgress !== undefined && elapsed % every === 0 && elapsed < options.durationSeconds) {
        options.onProgress(elapsed, responses);
      }
    });
  }).finally(() => options.signal?.removeEventListener('abort', onAbort));
  return toMeasurement(kind, index, startedAt, options, result);
}

function toMeasurement(
  kind: RunKind,
  index: number,
  startedAt: string,
  options: LoadOptions,
  result: autocannon.Result,
): RunMeasurement {
  const statusCodes: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[status] = stats.count ?? 0;
  }
  const unexpectedResponses = countUnexpected(statusCodes, options.expectedStatuses);
  const connectionErrors = result.errors - result.timeouts;
  return {
    kind,
    index,
    startedAt,
    durationSeconds: result.duration,
    connections: options.connections,
    responses: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyMs: {
      mean: result.latency.mean,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    statusCodes,
    unexpectedResponses,
    connectionErrors,
    timeouts: result.timeouts,
    errors: unexpectedResponses + connectionErrors + result.timeouts,
  };
}
