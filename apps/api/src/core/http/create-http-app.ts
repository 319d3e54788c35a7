import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from '../../app.module';
import { AppConfig } from '../../config/app-config';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import type { ConfigOverrides } from '../platform.module';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export interface HttpAppOptions {
  overrides?: ConfigOverrides;
  logger?: LoggerService | false;
}

/** Builds the HTTP application exactly as it runs in production; tests call this too. */
export async function createHttpApp(options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: 5 * 1024 * 1024,
    // Path parameters carry host names (up to 253 characters) and emails (up to 254).
    routerOptions: { maxParamLength: 300 },
    trustProxy: true,
    // A caller's x-request-id is kept (when sane) so logs can be joined across services.
    genReqId: (request: IncomingMessage) => {
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
  const config = app.get(AppConfig);
  const fastify = app.getHttpAdapter().getInstance();
  // Bodies are JSON unless a route says otherwise; anything else is answered 415 instead of parsed as text.
  fastify.removeContentTypeParser('text/plain');
  // Set as the request arrives, so every answer carries it (errors too); a synchronous hook, not an async
  // onSend one, which cost a promise and a hook run on the send path of every response.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // Nest routes Fastify's own errors (body parsing, content type) through this filter too.
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableCors({
    origin: config
      .get('CORS_ORIGINS')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hotpath API')
      .setDescription('High-traffic write and read APIs. Errors: {statusCode, error, message, details?}.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN, for admin routes' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  return app;
}
