import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { Redis } from 'ioredis';
import { AppModule } from '../../app.module';
import { AppConfig } from '../../config/app-config';
import { loadEnv } from '../../config/load-env';
import { fastifyTrustProxy } from '../../config/trust-proxy';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { observeRequests } from '../metrics/request-observer';
import type { ConfigOverrides } from '../platform.module';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { frameworkErrors, guardHttpEdge } from './http-edge';
import { setupOpenApiDocs } from './openapi-document';
import { registerQueueBoard } from './queue-board';
import { registerRateLimit } from './rate-limit';
import { enableCors, registerSecurityHeaders } from './security-headers';
import { guardSystemRoutes } from './system-access';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export interface HttpAppOptions {
  overrides?: ConfigOverrides;
  logger?: LoggerService | false;
}

/** Builds the HTTP application exactly as it runs in production; tests call this too. */
export async function createHttpApp(options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  // Read before the app exists: the proxies to believe are a server option (the full config is checked again by Nest).
  const { TRUST_PROXY } = loadEnv(options.overrides);
  const adapter = new FastifyAdapter({
    bodyLimit: 5 * 1024 * 1024,
    // Path parameters carry host names (up to 253 characters) and emails (up to 254).
    routerOptions: { maxParamLength: 300 },
    // The client address (rate limits, logs) comes from X-Forwarded-For only through the proxies TRUST_PROXY names.
    trustProxy: fastifyTrustProxy(TRUST_PROXY),
    frameworkErrors,
    // A request without Host is answered by guardHttpEdge in the one error shape, not by Node with a bare 400.
    http: { requireHostHeader: false },
    // A caller's x-request-id is kept (when sane) so logs can be joined across services.
    genReqId: (request: IncomingMessage | Http2ServerRequest) => {
      const header = request.headers['x-request-id'];
      return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(options.overrides),
    adapter,
    {
      logger: options.logger ?? false,
      abortOnError: false,
    },
  );
  const env = app.get(AppConfig).env;
  const fastify = app.getHttpAdapter().getInstance();
  // Bodies are JSON unless a route says otherwise; anything else is answered 415 instead of parsed as text.
  fastify.removeContentTypeParser('text/plain');
  // Set as the request arrives, so every answer carries it (errors too); a synchronous hook, not an async
  // onSend one, which cost a promise and a hook run on the send path of every response.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  observeRequests(app);
  // Nest routes Fastify's own errors (body parsing, content type) through this filter too.
  app.useGlobalFilters(new AllExceptionsFilter());
  guardHttpEdge(app);
  enableCors(app, env);
  registerSecurityHeaders(app);
  guardSystemRoutes(app, env);
  await registerRateLimit(app, env, app.get<Redis>(REDIS_CLIENT));
  await registerQueueBoard(app, env);
  setupOpenApiDocs(app, env);
  await app.init();
  return app;
}
