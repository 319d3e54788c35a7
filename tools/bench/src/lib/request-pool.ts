import { closeSync, openSync, writeSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { LoadRequest } from './load';
import type { LoggedOutcome } from './wrk-output';

/** How many requests an untracked pool (reads: random keys, nothing recorded per request) cycles through. */
const CYCLED_REQUESTS = 20_000;
const DRAIN_CONCURRENCY = 64;
/** Most bytes of requests one tracked run's file holds (wrk keeps them all in memory). */
const MAX_POOL_BYTES = 384 * 1024 * 1024;

type ResponseHook = (status: number, body: string, context: object, headers: Record<string, string>) => void;
type SetupHook = (request: LoadRequest, context: object) => LoadRequest | undefined;

const responseHook = (item: LoadRequest): ResponseHook | undefined =>
  typeof item.onResponse === 'function' ? item.onResponse : undefined;
const setupHook = (item: LoadRequest): SetupHook | undefined =>
  typeof item.setupRequest === 'function' ? item.setupRequest : undefined;

interface PoolEntry {
  id: number;
  /** Bytes of its raw form, without building it. */
  size: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  context: Record<string, unknown>;
  onResponse: ResponseHook | undefined;
}

/** A load request as autocannon's fields describe it, after its setupRequest ran. */
interface Described {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const needsBody = (method: string): boolean => method === 'POST' || method === 'PUT' || method === 'PATCH';

/** One request as raw HTTP/1.1 bytes, the way lua/requests.lua hands it to wrk. */
export function formatRawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== undefined || needsBody(method)) lines.push(`content-length: ${Buffer.byteLength(body ?? '')}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body ?? ''}`);
}

/**
 * The requests of one scenario (or of the baseline), generated ahead of a wrk run by the scenario's own
 * autocannon-style `setupRequest` and written to a file the Lua script replays. A tracked pool (requests
 * that record their outcome) sends every generated request at most once, tags it with an `x-request-id`
 * the API echoes, and hands each logged answer back to the request's `onResponse` with the context its
 * `setupRequest` filled; what a run did not send is carried into the next run, and `drain` sends the rest
 * after the last one so that every generated request is sent exactly once. An untracked pool cycles.
 */
export class RequestPool {
  readonly tracked: boolean;
  readonly sampleEvery: number;
  private nextId = 0;
  private cursor = 0;
  private carried: PoolEntry[] = [];
  private inFile: PoolEntry[] = [];
  private byId = new Map<number, PoolEntry>();
  private cycledFile: string | undefined;
  private files = 0;

  constructor(
    private readonly requests: readonly LoadRequest[],
    private readonly directory: string,
    private readonly name: string,
  ) {
    this.tracked = requests.some((item) => setupHook(item) !== undefined && responseHook(item) !== undefined);
    this.sampleEvery = Math.max(0, ...requests.map((item) => item.bodySampleEvery ?? 0));
  }

  /**
   * Writes the request file for the next run, with at least `minimum` requests when tracked (fewer when
   * they would pass MAX_POOL_BYTES; such a run may run out, which wrk-load reports).
   */
  prepare(minimum: number): string {
    if (!this.tracked) {
      if (this.cycledFile === undefined) {
        const entries = Array.from({ length: CYCLED_REQUESTS }, () => this.generate(false));
        this.cycledFile = this.write(entries);
      }
      return this.cycledFile;
    }
    const entries = this.carried;
    let bytes = entries.reduce((total, entry) => total + entry.size, 0);
    while (entries.length < minimum && bytes < MAX_POOL_BYTES) {
      const entry = this.generate(true);
      entries.push(entry);
      bytes += entry.size;
    }
    this.carried = [];
    this.inFile = entries;
    this.byId = new Map(entries.map((entry) => [entry.id, entry]));
    return this.write(entries);
  }

  /**
   * Hands the logged answers to their requests' `onResponse` and keeps what no thread sent for the next
   * run. `sentByThread[k]` is how many of thread k's records (k, k+n, …) it sent, in order.
   */
  settle(outcomes: readonly LoggedOutcome[], sentByThread: readonly number[]): void {
    for (const outcome of outcomes) {
      if (this.tracked && outcome.requestId.startsWith('b')) {
        const entry = this.byId.get(Number(outcome.requestId.slice(1)));
        entry?.onResponse?.(outcome.status, outcome.body, entry.context, {});
      } else if (outcome.body !== '') {
        // A sampled answer of an untracked request (e.g. a static GET whose body is checked).
        for (const item of this.requests) responseHook(item)?.(outcome.status, outcome.body, {}, {});
      }
    }
    if (!this.tracked) return;
    const threads = Math.max(1, sentByThread.length);
    this.carried = this.inFile.filter(
      (_, position) => Math.floor(position / threads) >= (sentByThread[position % threads] ?? 0),
    );
    this.inFile = [];
    this.byId.clear();
  }

  /** Requests generated but not yet sent. */
  get pending(): number {
    return this.carried.length;
  }

  /** Sends what no run sent (at most a fraction of one run), so that generated equals sent. */
  async drain(baseUrl: string): Promise<number> {
    const entries = this.carried;
    this.carried = [];
    if (entries.length === 0) return 0;
    const url = new URL(baseUrl);
    const agent = new Agent({ keepAlive: true, maxSockets: DRAIN_CONCURRENCY });
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < entries.length) {
        const entry = entries[next++];
        if (entry === undefined) break;
        const { status, body } = await send(agent, url, entry);
        entry.onResponse?.(status, body, entry.context, {});
      }
    };
    try {
      await Promise.all(Array.from({ length: DRAIN_CONCURRENCY }, worker));
    } finally {
      agent.destroy();
    }
    return entries.length;
  }

  private generate(tracked: boolean): PoolEntry {
    const template = this.requests[this.cursor++ % this.requests.length];
    if (template === undefined) throw new Error(`${this.name}: a scenario needs at least one request`);
    const context: Record<string, unknown> = {};
    const base: Described = {
      method: template.method ?? 'GET',
      path: template.path ?? '/',
      headers: { ...(template.headers as Record<string, string> | undefined) },
      body: template.body,
    };
    const described: Described =
      (setupHook(template)?.(base as LoadRequest, context) as Described | undefined) ?? base;
    const id = this.nextId++;
    const method = described.method ?? 'GET';
    const path = described.path ?? '/';
    const headers: Record<string, string> = { ...(described.headers ?? {}) };
    if (tracked) headers['x-request-id'] = `b${id}`;
    const body = described.body === undefined ? undefined : described.body.toString();
    return {
      id,
      size: Buffer.byteLength(body ?? '') + path.length + 256,
      method,
      path,
      headers,
      body,
      context,
      onResponse: responseHook(template),
    };
  }

  private write(entries: readonly PoolEntry[]): string {
    const file = join(this.directory, `${this.name}-${this.files++}.requests`);
    const fd = openSync(file, 'w');
    try {
      for (const entry of entries) {
        const raw = formatRawRequest(entry.method, entry.path, entry.headers, entry.body);
        writeSync(fd, `${raw.length}\n`);
        writeSync(fd, raw);
      }
    } finally {
      closeSync(fd);
    }
    return file;
  }
}

function send(agent: Agent, url: URL, entry: PoolEntry): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: entry.method,
        path: entry.path,
        headers: entry.headers,
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${entry.method} ${entry.path} timed out`)));
    request.on('error', reject);
    request.end(entry.body);
  });
}
