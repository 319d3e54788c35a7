import { describe, expect, it } from 'vitest';
import { parseOutcomes, parseWrkOutput, statusCounts, WrkOutputError } from './wrk-output';

/** wrk 4.1's stdout for a run of lua/requests.lua, as printed on this machine. */
const STDOUT = `Running 2s test @ http://127.0.0.1:3320
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.79ms   16.49ms 131.16ms   95.16%
    Req/Sec     9.35k     4.90k   17.61k    63.41%
  38212 requests in 2.04s, 8.22MB read
  Non-2xx or 3xx responses: 5458
Requests/sec:  18696.39
Transfer/sec:      4.02MB
WRK_RESULT {"requests":38212,"durationUs":2043817,"bytes":8623617,"errors":{"connect":0,"read":1,"write":0,"status":5458,"timeout":2},"latencyUs":{"mean":4790.9,"max":131156,"p50":608,"p90":6141,"p99":104095},"sentByThread":[22371,15856],"exhaustedThreads":0,"statusesCounted":true,"statuses":{"201":32754,"409":5458}}
`;

describe('parseWrkOutput', () => {
  it('reads the marked result line and ignores the text summary', () => {
    expect(parseWrkOutput(STDOUT)).toEqual({
      requests: 38_212,
      durationUs: 2_043_817,
      bytes: 8_623_617,
      errors: { connect: 0, read: 1, write: 0, status: 5458, timeout: 2 },
      latencyUs: { mean: 4790.9, max: 131_156, p50: 608, p90: 6141, p99: 104_095 },
      sentByThread: [22_371, 15_856],
      exhaustedThreads: 0,
      statuses: { '201': 32_754, '409': 5458 },
    });
  });

  it('leaves statuses undefined when the script did not count them', () => {
    const uncounted = STDOUT.replace('"statusesCounted":true', '"statusesCounted":false').replace(
      '"statuses":{"201":32754,"409":5458}',
      '"statuses":{}',
    );
    const result = parseWrkOutput(uncounted);
    expect(result.statuses).toBeUndefined();
    // wrk alone only knows 2xx/3xx from the rest; the rest can never match an expected status.
    expect(statusCounts(result)).toEqual({ '200': 32_754, 'non-2xx': 5458 });
  });

  it('quotes the output when the result line is missing, e.g. when nothing could connect', () => {
    const failed =
      'Running 2s test @ http://127.0.0.1:1\n  1 threads and 1 connections\nunable to connect to 127.0.0.1:1 Connection refused\n';
    expect(() => parseWrkOutput(failed)).toThrow(WrkOutputError);
    expect(() => parseWrkOutput(failed)).toThrow(/Connection refused/);
  });

  it('refuses a result line with a field missing or of the wrong type', () => {
    expect(() => parseWrkOutput(STDOUT.replace('"requests":38212', '"requests":"38212"'))).toThrow(
      'result.requests is not a number',
    );
    expect(() => parseWrkOutput(STDOUT.replace('"p99":104095', '"p99x":104095'))).toThrow(
      'latencyUs.p99 is not a number',
    );
    expect(() => parseWrkOutput(STDOUT.replace('[22371,15856]', '"22371"'))).toThrow('sentByThread');
    expect(() => parseWrkOutput('WRK_RESULT {oops\n')).toThrow('not JSON');
  });
});

describe('parseOutcomes', () => {
  it('reads id, status and the body of sampled records', () => {
    const body = '{"data":{"ageSeconds":1.5}}';
    const file = Buffer.from(`b1 201 0\n\nb7 409 0\n\n- 200 ${Buffer.byteLength(body)}\n${body}\n`);
    expect(parseOutcomes(file)).toEqual([
      { requestId: 'b1', status: 201, body: '' },
      { requestId: 'b7', status: 409, body: '' },
      { requestId: '-', status: 200, body },
    ]);
  });

  it('counts body length in bytes, so bodies with newlines and non-ASCII text survive', () => {
    const body = 'ä\nb';
    const file = Buffer.from(`b2 200 ${Buffer.byteLength(body)}\n${body}\nb3 204 0\n\n`);
    expect(parseOutcomes(file)).toEqual([
      { requestId: 'b2', status: 200, body },
      { requestId: 'b3', status: 204, body: '' },
    ]);
  });

  it('refuses a damaged file instead of dropping answers silently', () => {
    expect(() => parseOutcomes(Buffer.from('b1 201'))).toThrow('unterminated header');
    expect(() => parseOutcomes(Buffer.from('b1 two 0\n\n'))).toThrow('bad record header');
    expect(() => parseOutcomes(Buffer.from('b1 200 10\nshort\n'))).toThrow('cut short');
  });
});
