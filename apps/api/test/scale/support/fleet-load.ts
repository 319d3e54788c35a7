import { hourOf } from '@hotpath/contracts';

/** The kinds of write the fleet test streams, one after another on every lane. */
export const WRITE_KINDS = ['vote', 'analytics', 'event', 'payment', 'subscriber'] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

const DOMAINS = 40;

/** What the client saw acknowledged, to be compared with what MySQL holds once the queues are drained. */
export interface Acknowledged {
  votes: Map<number, number>;
  analytics: Map<number, { clicks: number; impressions: number; users: Set<string> }>;
  events: Map<string, number>;
  payments: Set<number>;
  subscribers: Set<string>;
}

export interface StreamFigures {
  requests: number;
  byKind: Record<WriteKind, number>;
  failures: string[];
  durationMs: number;
}

/**
 * Streams writes of every kind through the balancer over `lanes` keep-alive connections until `stop` is
 * called. A request fails if it throws or answers anything but its success status; every success is recorded.
 */
export class WriteStream {
  readonly acknowledged: Acknowledged = {
    votes: new Map(),
    analytics: new Map(),
    events: new Map(),
    payments: new Set(),
    subscribers: new Set(),
  };
  readonly failures: string[] = [];
  private readonly byKind: Record<WriteKind, number> = {
    vote: 0,
    analytics: 0,
    event: 0,
    payment: 0,
    subscriber: 0,
  };
  private stopped = false;
  private sequence = 0;
  private running: Promise<void> = Promise.resolve();
  private startedAt = 0;
  private durationMs = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly poll: { id: number; optionIds: readonly number[] },
    private readonly run: string,
  ) {}

  start(lanes: number, pauseMs: number): void {
    this.startedAt = Date.now();
    this.running = Promise.all(Array.from({ length: lanes }, (_, lane) => this.lane(lane, pauseMs))).then(
      () => {
        this.durationMs = Date.now() - this.startedAt;
      },
    );
  }

  async stop(): Promise<StreamFigures> {
    this.stopped = true;
    await this.running;
    const requests = Object.values(this.byKind).reduce((sum, count) => sum + count, 0);
    return { requests, byKind: { ...this.byKind }, failures: this.failures, durationMs: this.durationMs };
  }

  private async lane(lane: number, pauseMs: number): Promise<void> {
    let turn = lane;
    while (!this.stopped) {
      const kind = WRITE_KINDS[turn++ % WRITE_KINDS.length]!;
      const n = this.sequence++;
      this.byKind[kind]++;
      try {
        await this.write(kind, n);
      } catch (error) {
        this.failures.push(`${kind} #${n}: ${String(error)}`);
      }
      await new Promise((wait) => setTimeout(wait, pauseMs));
    }
  }

  private async write(kind: WriteKind, n: number): Promise<void> {
    switch (kind) {
      case 'vote': {
        const optionId = this.poll.optionIds[n % this.poll.optionIds.length]!;
        await this.expect(`/polls/${this.poll.id}/votes`, 'POST', 202, { optionIds: [optionId] });
        this.acknowledged.votes.set(optionId, (this.acknowledged.votes.get(optionId) ?? 0) + 1);
        return;
      }
      case 'analytics': {
        const timestamp = Date.now();
        const user = `fleet-user-${n % 97}`;
        const click = n % 3 === 0;
        await this.expect(
          `/analytics?timestamp=${timestamp}&user=${user}&${click ? 'click' : 'impression'}`,
          'POST',
          204,
        );
        const hour = hourOf(timestamp);
        const counts = this.acknowledged.analytics.get(hour) ?? {
          clicks: 0,
          impressions: 0,
          users: new Set(),
        };
        if (click) counts.clicks++;
        else counts.impressions++;
        counts.users.add(user);
        this.acknowledged.analytics.set(hour, counts);
        return;
      }
      case 'event': {
        const domain = `fleet-${this.run}-${n % DOMAINS}.example`;
        await this.expect(`/events/${domain}/delivered`, 'PUT', 204);
        this.acknowledged.events.set(domain, (this.acknowledged.events.get(domain) ?? 0) + 1);
        return;
      }
      case 'payment': {
        const body = await this.expect(
          '/payments',
          'POST',
          201,
          { amount: '12.34' },
          { 'idempotency-key': `${this.run}-${n}` },
        );
        const id = Number((JSON.parse(body) as { data: { id: number | string } }).data.id);
        this.acknowledged.payments.add(id);
        return;
      }
      case 'subscriber': {
        const email = `fleet-${this.run}-${n}@example.com`;
        await this.expect('/subscribers', 'POST', 201, { email, name: 'Fleet', lastName: 'Writer' });
        this.acknowledged.subscribers.add(email);
        return;
      }
    }
  }

  private async expect(
    path: string,
    method: 'POST' | 'PUT',
    status: number,
    body?: object,
    headers: Record<string, string> = {},
  ): Promise<string> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (response.status !== status)
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return text;
  }
}
