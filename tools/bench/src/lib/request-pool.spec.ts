import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatRawRequest, RequestPool } from './request-pool';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'pool-spec-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

/** Splits a request file the way lua/requests.lua does: "<length>\n<bytes>" records. */
function records(file: string): string[] {
  const data = readFileSync(file);
  const out: string[] = [];
  let position = 0;
  while (position < data.length) {
    const newline = data.indexOf(10, position);
    const length = Number(data.toString('latin1', position, newline));
    out.push(data.toString('utf8', newline + 1, newline + 1 + length));
    position = newline + 1 + length;
  }
  return out;
}

describe('formatRawRequest', () => {
  it('writes HTTP/1.1 with a host, the headers and a byte-exact content length', () => {
    expect(
      formatRawRequest(
        'POST',
        '/subscribers',
        { 'content-type': 'application/json' },
        '{"n":"ä"}',
      ).toString(),
    ).toBe(
      'POST /subscribers HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n' +
        'content-length: 10\r\n\r\n{"n":"ä"}',
    );
    expect(formatRawRequest('GET', '/x', {}, undefined).toString()).toBe(
      'GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    );
    expect(formatRawRequest('PUT', '/events/a.com/bounced', {}, undefined).toString()).toContain(
      'content-length: 0\r\n',
    );
  });
});

describe('RequestPool', () => {
  it('cycles a fixed set for requests that record nothing', () => {
    let made = 0;
    const pool = new RequestPool(
      [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/r/${made++}` }) }],
      directory,
      'reads',
    );
    expect(pool.tracked).toBe(false);
    const file = pool.prepare(5);
    expect(pool.prepare(10)).toBe(file);
    expect(records(file).length).toBe(20_000);
  });

  it('tags tracked requests, hands answers back with their context and carries what was not sent', () => {
    const answers: Array<[number, string]> = [];
    let next = 0;
    const pool = new RequestPool(
      [
        {
          method: 'POST',
          setupRequest: (request, context) => {
            const n = next++;
            (context as { n?: number }).n = n;
            return { ...request, path: '/votes', body: JSON.stringify({ n }) };
          },
          onResponse: (status, _body, context) =>
            answers.push([(context as { n: number }).n, String(status)]),
        },
      ],
      directory,
      'votes',
    );
    expect(pool.tracked).toBe(true);
    const first = records(pool.prepare(6));
    expect(first).toHaveLength(6);
    expect(first[0]).toContain('x-request-id: b0\r\n');
    expect(first[5]).toContain('{"n":5}');

    // Two threads: thread 0 holds records 0, 2, 4 and sent 2 of them; thread 1 holds 1, 3, 5 and sent 1.
    pool.settle(
      [
        { requestId: 'b0', status: 202, body: '' },
        { requestId: 'b1', status: 409, body: '' },
      ],
      [2, 1],
    );
    expect(answers).toEqual([
      [0, '202'],
      [1, '409'],
    ]);
    // Record 2 was sent but not answered (in flight at the end): never sent again. 3, 4, 5 were not sent.
    expect(pool.pending).toBe(3);
    const second = records(pool.prepare(4));
    expect(second.map((raw) => /x-request-id: (b\d+)/.exec(raw)?.[1])).toEqual(['b3', 'b4', 'b5', 'b6']);
  });

  it('hands sampled bodies of untracked requests to onResponse', () => {
    const bodies: string[] = [];
    const pool = new RequestPool(
      [
        {
          method: 'GET',
          path: '/polls/1',
          bodySampleEvery: 20,
          onResponse: (_status, body) => bodies.push(body),
        },
      ],
      directory,
      'results',
    );
    expect(pool.tracked).toBe(false);
    expect(pool.sampleEvery).toBe(20);
    pool.settle([{ requestId: 'abc', status: 200, body: '{"data":{}}' }], [100]);
    expect(bodies).toEqual(['{"data":{}}']);
  });
});
