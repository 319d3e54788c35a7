import { createSocket, type Socket } from 'node:dgram';
import { decode, encode, RECURSION_DESIRED, type Answer, type Packet } from 'dns-packet';

/** How the loopback DNS server treats a name. */
export type Zone =
  | { kind: 'mx' }
  /** RFC 7505: one MX record with the root as exchange (no mail at all), next to an A record. */
  | { kind: 'null-mx' }
  | { kind: 'a' }
  | { kind: 'aaaa' }
  | { kind: 'nxdomain' }
  | { kind: 'empty' }
  | { kind: 'silent' };

/** A DNS server on 127.0.0.1 for tests: answers MX/A/AAAA as its zone map says and counts the questions. */
export class TestDnsServer {
  private readonly socket: Socket = createSocket('udp4');
  readonly zones = new Map<string, Zone>();
  readonly questions: string[] = [];

  async start(): Promise<string> {
    this.socket.on('message', (message, remote) => this.answer(message, remote.port, remote.address));
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    return `127.0.0.1:${this.socket.address().port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  questionsFor(name: string): number {
    return this.questions.filter((question) => question.startsWith(`${name} `)).length;
  }

  private answer(message: Buffer, port: number, address: string): void {
    const query = decode(message);
    const question = query.questions?.[0];
    if (question === undefined) return;
    this.questions.push(`${question.name} ${question.type}`);
    const zone = this.zones.get(question.name.toLowerCase()) ?? { kind: 'nxdomain' };
    if (zone.kind === 'silent') return;
    const answers: Answer[] = [];
    if (zone.kind === 'mx' && question.type === 'MX') {
      answers.push({ type: 'MX', name: question.name, ttl: 60, data: { preference: 10, exchange: `mx.${question.name}` } });
    }
    if (zone.kind === 'null-mx' && question.type === 'MX') {
      answers.push({ type: 'MX', name: question.name, ttl: 60, data: { preference: 0, exchange: '.' } });
    }
    if ((zone.kind === 'a' || zone.kind === 'mx' || zone.kind === 'null-mx') && question.type === 'A') {
      answers.push({ type: 'A', name: question.name, ttl: 60, data: '127.0.0.2' });
    }
    if (zone.kind === 'aaaa' && question.type === 'AAAA') {
      answers.push({ type: 'AAAA', name: question.name, ttl: 60, data: '::2' });
    }
    const response: Packet = {
      id: query.id,
      type: 'response',
      flags: RECURSION_DESIRED | (zone.kind === 'nxdomain' ? 3 : 0),
      questions: query.questions,
      answers,
    };
    this.socket.send(encode(response), port, address);
  }
}
