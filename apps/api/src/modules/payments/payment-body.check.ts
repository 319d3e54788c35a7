import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import { PAYMENT_WRONG_FORMAT } from '@hotpath/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { ErrorCode } from '../../core/errors/domain-error';
import { ValidationError } from '../../core/errors/validation.error';

/** Route config flag of the routes whose bodies this check guards. */
const CHECKED = 'paymentBodyCheck';
/** A payment body is a few dozen bytes; anything this large is not one. */
const MAX_BODY_BYTES = 16 * 1024;

/** Marks a route whose body must be a JSON payment request: anything else is answered 400 "Wrong format". */
export const PaymentBody = (): MethodDecorator => RouteConfig({ [CHECKED]: true });

const wrongFormat = (message: string): ValidationError =>
  new ValidationError([{ field: '(body)', message }], {
    code: ErrorCode.MalformedInput,
    message: PAYMENT_WRONG_FORMAT,
  });

const isChecked = (request: FastifyRequest): boolean =>
  (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[CHECKED] === true;

/**
 * The payments contract answers a body that is not JSON, or comes with another content type, with 400
 * "Wrong format" like any other bad input. Fastify parses bodies before Nest sees the request, and its own
 * errors (415, or 400 with its wording) reach only the global exception filter, so for the marked routes
 * this checks the body first, in a preParsing hook: it reads the (small) body, checks the content type and
 * that the body is JSON, and hands the same bytes on to Fastify's parser.
 */
@Injectable()
export class PaymentBodyCheck implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // Without an HTTP adapter (the seed and worker contexts) there are no routes to guard.
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | null | undefined;
    if (adapter === null || adapter === undefined) return;
    const fastify = adapter.getInstance<FastifyInstance>();
    fastify.addHook('preParsing', async (request, _reply, payload) =>
      isChecked(request) ? checkedBody(request, payload) : payload,
    );
  }
}

async function checkedBody(
  request: FastifyRequest,
  payload: NodeJS.ReadableStream,
): Promise<NodeJS.ReadableStream> {
  const contentType = request.headers['content-type'];
  const length = request.headers['content-length'];
  const hasBody =
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (contentType === undefined) {
    if (!hasBody) return payload;
    throw wrongFormat('must be sent with Content-Type: application/json');
  }
  if (contentType.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
    throw wrongFormat('must be sent with Content-Type: application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw wrongFormat(`must be at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const body = Buffer.concat(chunks);
  if (body.length === 0) throw wrongFormat('is empty; send a JSON object');
  let forbidden: string | undefined;
  try {
    JSON.parse(body.toString('utf8'), (key: string, value: unknown) => {
      // Fastify's parser refuses these (prototype poisoning); refusing them here keeps the answer in this shape.
      if (key === '__proto__' || key === 'constructor') forbidden ??= key;
      return value;
    });
  } catch {
    throw wrongFormat('is not valid JSON');
  }
  if (forbidden !== undefined) throw wrongFormat(`must not contain the property ${forbidden}`);
  const replay = Readable.from([body]) as Readable & { receivedEncodedLength?: number };
  replay.receivedEncodedLength = body.length;
  return replay;
}
