import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { request as httpRequest, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_TABLES } from './support/payments-helpers';
import { resetState, startApi } from './support/test-app';
import { RawConnection, rawRequest, type RawResponse } from './support/raw-http';

let api: NestFastifyApplication;
let port: number;

beforeAll(async () => {
  // Origins named, so the CORS plugin (whose bare preflight refusal the edge rewrites) is registered.
  api = await startApi({ CORS_ORIGINS: 'http://localhost:5173' });
  await api.listen({ port: 0, host: '127.0.0.1' });
  port = (api.getHttpServer().address() as AddressInfo).port;
});

afterAll(async () => {
  await api.close();
});

/** The one error shape, exactly: no `code` or any other key of the framework's own. */
function expectErrorShape(response: RawResponse, status: number): Record<string, unknown> {
  expect(response.status, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(
    Object.keys(body).every((key) => ['statusCode', 'error', 'message', 'details'].includes(key)),
    response.body,
  ).toBe(true);
  expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  return body;
}

const get = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`;

describe('framework-level errors come out in the one error shape', () => {
  it('a malformed percent-escape: 400', async () => {
    expectErrorShape(await rawRequest(port, get('/domains/%ff')), 400);
  });

  it('an unknown route: 404', async () => {
    const body = expectErrorShape(await rawRequest(port, get('/no-such-route')), 404);
    expect(body['message']).toMatch(/no-such-route/);
  });

  it('a path segment over 300 characters: 414', async () => {
    expectErrorShape(await rawRequest(port, get(`/domains/${'a'.repeat(400)}`)), 414);
  });

  it('a request target over 8 KiB: 414', async () => {
    expectErrorShape(await rawRequest(port, get(`/polls?x=${'a'.repeat(9000)}`)), 414);
  });

  it('a header section over 16 KiB: 431', async () => {
    expectErrorShape(await rawRequest(port, get(`/polls?x=${'a'.repeat(20_000)}`)), 431);
  });

  it('an HTTP/1.1 request without Host: 400', async () => {
    const body = expectErrorShape(await rawRequest(port, 'GET /health HTTP/1.1\r\n\r\n'), 400);
    expect(body['message']).toMatch(/Host/);
  });

  it('a CORS preflight without Origin: 400', async () => {
    const preflight =
      'OPTIONS /subscribers HTTP/1.1\r\nHost: 127.0.0.1\r\nAccess-Control-Request-Method: POST\r\n\r\n';
    expectErrorShape(await rawRequest(port, preflight), 400);
  });

  it('a body of another content type: 415', async () => {
    const body = 'hello';
    const request = `POST /subscribers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    expectErrorShape(await rawRequest(port, request), 415);
  });

  it('a JSON body with Content-Encoding gzip (or any but identity): 415, nothing stored', async () => {
    await resetState(api, PAYMENT_TABLES);
    const body = JSON.stringify({ amount: '1.00' });
    for (const encoding of ['gzip', 'br', 'deflate, identity']) {
      const request =
        `POST /payments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Encoding: ${encoding}\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
      const answer = expectErrorShape(await rawRequest(port, request), 415);
      expect(answer['message']).toMatch(/Content-Encoding/);
    }
    const listed = await api.inject({ method: 'GET', url: '/payments' });
    expect(listed.json<{ data: unknown[] }>().data).toEqual([]);
  });

  it('a body over the 5 MiB limit: 413', async () => {
    const size = 6 * 1024 * 1024;
    const connection = await RawConnection.open(port);
    try {
      await connection.send(
        `POST /subscribers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
      );
      void connection.send(Buffer.alloc(size, 0x20));
      const response = await connection.response();
      expect(response).not.toBeNull();
      expectErrorShape(response as RawResponse, 413);
    } finally {
      connection.close();
    }
  });
});

describe('a rejected body never stalls the keep-alive connection', () => {
  const paymentWithBody = (size: number): Buffer =>
    Buffer.concat([
      Buffer.from(
        `POST /payments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
      ),
      Buffer.alloc(size, 0x20),
    ]);

  it('a 1 MiB payment body: 400, then the same socket answers again or is closed with Connection: close', async () => {
    const connection = await RawConnection.open(port);
    try {
      void connection.send(paymentWithBody(1024 * 1024));
      const rejected = await connection.response(5000);
      expect(rejected).not.toBeNull();
      expectErrorShape(rejected as RawResponse, 400);
      if ((rejected as RawResponse).headers['connection'] === 'close') {
        expect(await connection.closedWithin(2000)).toBe(true);
      } else {
        await connection.send(get('/health'));
        expect((await connection.response(2000))?.status).toBe(200);
      }
    } finally {
      connection.close();
    }
  });

  it('through a keep-alive http.Agent, the request after a rejected 1 MiB body is answered at once', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: Buffer): Promise<{ status: number; ms: number }> =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            agent,
            timeout: 5000,
            headers:
              body === undefined ? {} : { 'content-type': 'application/json', 'content-length': body.length },
          },
          (response) => {
            response.resume();
            response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: Date.now() - started }));
          },
        );
        request.on('timeout', () => request.destroy(new Error(`${method} ${path} timed out`)));
        request.on('error', reject);
        request.end(body);
      });
    try {
      for (let round = 0; round < 3; round++) {
        expect((await send('POST', '/payments', Buffer.alloc(1024 * 1024, 0x20))).status).toBe(400);
        const next = await send('GET', '/health');
        expect(next.status).toBe(200);
        expect(next.ms).toBeLessThan(1000);
      }
    } finally {
      agent.destroy();
    }
  });
});
