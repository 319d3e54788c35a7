import { HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiError } from '@hotpath/contracts';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { STATUS_CODES } from 'node:http';

/** Longest request target accepted; Node itself refuses a header section over 16 KiB (431). */
export const MAX_URL_LENGTH = 8192;

const errorBody = (statusCode: number, message: string): ApiError => ({
  statusCode,
  error: STATUS_CODES[statusCode] ?? 'Error',
  message,
});

type ReplyLike = Pick<FastifyReply, 'code' | 'header' | 'send'>;

const sendError = (reply: ReplyLike, statusCode: number, message: string): void => {
  void reply
    .code(statusCode)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody(statusCode, message));
};

/** Errors the router raises before any route or hook runs (Fastify's `frameworkErrors`), in the one shape. */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (
  error,
  _request,
  reply,
) => {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      sendError(reply, HttpStatus.BAD_REQUEST, 'The URL is not valid: it holds a malformed %-escape');
      return;
    case 'FST_ERR_MAX_PARAM_LENGTH':
      sendError(reply, HttpStatus.URI_TOO_LONG, 'A path segment of the URL is too long');
      return;
    default:
      sendError(reply, HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }
};

function edgeRefusal(request: FastifyRequest): { status: number; message: string } | null {
  if (request.url.length > MAX_URL_LENGTH) {
    return {
      status: HttpStatus.URI_TOO_LONG,
      message: `The URL is longer than ${MAX_URL_LENGTH} characters`,
    };
  }
  if (request.raw.httpVersion === '1.1' && !request.headers.host) {
    return { status: HttpStatus.BAD_REQUEST, message: 'An HTTP/1.1 request needs a Host header' };
  }
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    return {
      status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      message: `Content-Encoding ${encoding} is not supported: send the body uncompressed`,
    };
  }
  return null;
}

/**
 * Checks every request must pass before its route runs, answered in the one error shape:
 * a request target over MAX_URL_LENGTH (414), an HTTP/1.1 request without Host (400), a body in a
 * Content-Encoding other than identity (415: bodies are never decompressed, so one would be misread).
 * Any answer given while the request body is still unread closes the connection (`Connection: close`), so
 * a keep-alive client never waits on a socket whose unread bytes would be taken for its next request.
 */
export function guardHttpEdge(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Synchronous hooks: an async one costs a promise on every request of the hot paths.
  fastify.addHook('onRequest', (request, reply, done) => {
    const refusal = edgeRefusal(request);
    if (refusal === null) {
      done();
      return;
    }
    sendError(reply, refusal.status, refusal.message);
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete) void reply.header('connection', 'close');
    if (request.method === 'OPTIONS' && reply.statusCode === 400 && typeof payload === 'string') {
      // The CORS plugin's refusal of a preflight without Origin / Access-Control-Request-Method (plain text).
      void reply.header('content-type', 'application/json; charset=utf-8');
      done(
        null,
        JSON.stringify(
          errorBody(400, 'A CORS preflight needs the Origin and Access-Control-Request-Method headers'),
        ),
      );
      return;
    }
    done(null, payload);
  });
}
