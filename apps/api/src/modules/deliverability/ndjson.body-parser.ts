import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';
/** The only route that takes NDJSON; anywhere else the content type is refused as before (415). */
const NDJSON_ROUTES = new Set(['/events']);

class BodyError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

/** One JSON value per non-blank line, in order. Throws a 400 naming the first line that is not JSON. */
export function parseNdjson(body: string): unknown[] {
  const values: unknown[] = [];
  const lines = body.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim();
    if (line === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      throw new BodyError(`Line ${index + 1} is not valid JSON`, 400);
    }
  }
  return values;
}

/**
 * Teaches the HTTP server to read `application/x-ndjson` bodies (POST /events takes them as well as JSON
 * arrays). Registered on the Fastify instance when the HTTP app starts; the worker has no HTTP side.
 */
@Injectable()
export class NdjsonBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as HttpAdapterHost['httpAdapter'] | null | undefined;
    if (adapter === null || adapter === undefined) return;
    const fastify = adapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser(NDJSON_CONTENT_TYPE)) return;
    fastify.addContentTypeParser(
      NDJSON_CONTENT_TYPE,
      { parseAs: 'string' },
      (
        request: FastifyRequest,
        body: string | Buffer,
        done: (error: Error | null, value?: unknown) => void,
      ) => {
        if (!NDJSON_ROUTES.has(request.routeOptions.url ?? '')) {
          done(new BodyError('Unsupported content type', 415));
          return;
        }
        try {
          done(null, parseNdjson(typeof body === 'string' ? body : body.toString('utf8')));
        } catch (error) {
          done(error as Error);
        }
      },
    );
  }
}
