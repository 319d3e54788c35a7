import { performance } from 'node:perf_hooks';

/** One request of a stream as the client saw it. */
export interface Outcome {
  /** The write's own identity (voter, user, domain, Idempotency-Key), to find it in MySQL afterwards. */
  id: string;
  status: number;
  ms: number;
  retryAfter: string | null;
  body: string;
  sentAt: number;
  /** For payments: the cents sent, and the id answered with a 201. */
  cents?: number;
  paymentId?: number;
}

export interface StreamRequest {
  id: string;
  url: string;
  init: RequestInit;
  cents?: number;
}

/** A client-side limit far above any bound the API promises: a request still open then counts as a hang. */
const HANG_MS = 15_000;
/** A pause after a refused write, so a client does not spin on 503s (a real client honours Retry-After too). */
const PAUSE_AFTER_REFUSAL_MS = 25;

/**
 * Sends one write path's requests from a few concurrent loops until stopped, each write with its own id, and
 * records what every request got and how long it took.
 */
export class RequestStream {
  readonly outcomes: Outcome[] = [];
  private running = false;
  private loops: Array<Promise<void>> = [];
  private sequence = 0;

  constructor(
    readonly name: string,
    private readonly concurrency: number,
    private readonly request: (sequence: number) => StreamRequest,
  ) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.concurrency }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  get accepted(): Outcome[] {
    return this.outcomes.filter((outcome) => outcome.status >= 200 && outcome.status < 300);
  }

  get refused(): Outcome[] {
    return this.outcomes.filter((outcome) => outcome.status < 200 || outcome.status >= 300);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const outcome = await this.send(this.request(this.sequence++));
      this.outcomes.push(outcome);
      if (outcome.status >= 300) await new Promise((wait) => setTimeout(wait, PAUSE_AFTER_REFUSAL_MS));
    }
  }

  private async send(request: StreamRequest): Promise<Outcome> {
    const sentAt = Date.now();
    const started = performance.now();
    try {
      const response = await fetch(request.url, { ...request.init, signal: AbortSignal.timeout(HANG_MS) });
      const body = await response.text();
      const outcome: Outcome = {
        id: request.id,
        status: response.status,
        ms: performance.now() - started,
        retryAfter: response.headers.get('retry-after'),
        body,
        sentAt,
      };
      if (request.cents !== undefined) outcome.cents = request.cents;
      if (response.status === 201) outcome.paymentId = (JSON.parse(body) as { data: { id: number } }).data.id;
      return outcome;
    } catch (error) {
      // Status 0: no HTTP answer at all (connection refused or reset, or a hang cut off by the client).
      return {
        id: request.id,
        status: 0,
        ms: performance.now() - started,
        retryAfter: null,
        body: String(error),
        sentAt,
      };
    }
  }
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The four write paths, each with a unique id per write so that MySQL can be checked write by write. */
export function writePaths(baseUrl: string, poll: { id: number; optionIds: number[] }, run: string) {
  return {
    votes: new RequestStream('votes', 3, (n) => {
      const id = `${run}-v${n}`;
      const optionId = poll.optionIds[n % poll.optionIds.length] ?? 0;
      return {
        id,
        url: `${baseUrl}/polls/${poll.id}/votes`,
        init: json({ optionIds: [optionId], voterId: id }),
      };
    }),
    analytics: new RequestStream('analytics', 3, (n) => {
      const id = `${run}-u${n}`;
      return {
        id,
        url: `${baseUrl}/analytics?timestamp=${Date.now()}&user=${id}&click`,
        init: { method: 'POST' },
      };
    }),
    events: new RequestStream('events', 3, (n) => {
      const id = `${run}-d${n}.faults.test`;
      return { id, url: `${baseUrl}/events/${id}/delivered`, init: { method: 'PUT' } };
    }),
    payments: new RequestStream('payments', 3, (n) => {
      const id = `${run}-k${n}`;
      const cents = 100 + (n % 900);
      const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      return { id, cents, url: `${baseUrl}/payments`, init: json({ amount }, { 'idempotency-key': id }) };
    }),
  };
}

/** Reads of the same areas while the faults happen: each must be answered (200, or 503 with Retry-After) in time. */
export function readPaths(baseUrl: string, pollId: number): RequestStream {
  const urls = [
    `${baseUrl}/polls/${pollId}`,
    `${baseUrl}/domains/run-d1.faults.test`,
    `${baseUrl}/analytics?timestamp=${Date.now()}`,
    `${baseUrl}/payments/statistics`,
  ];
  return new RequestStream('reads', 2, (n) => ({
    id: `read-${n}`,
    url: urls[n % urls.length] ?? baseUrl,
    init: { method: 'GET' },
  }));
}
