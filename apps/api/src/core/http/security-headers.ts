import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyCorsOptions, FastifyCorsOptionsDelegateCallback } from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { Env } from '../../config/env.schema';

/** The methods the dashboard calls (see apps/dashboard/src/api); a preflight for any other is refused. */
export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'];
const CORS_REQUEST_HEADERS = [
  'Content-Type',
  'Authorization',
  'Idempotency-Key',
  'X-Request-Id',
  'X-API-Key',
];
const CORS_EXPOSED_HEADERS = [
  'X-Request-Id',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
];

/**
 * Security headers on every answer (nosniff, no framing, HSTS, a same-origin CSP...). The CSP allows what the
 * Swagger UI at /docs and the queue board need: their own scripts, inline styles and data: images, nothing
 * from elsewhere.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // The API is called from the dashboard's origin; its answers must stay readable there.
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
}

/**
 * CORS for the browser origins CORS_ORIGINS names, with exactly the methods and headers the dashboard uses.
 * A preflight without Origin or Access-Control-Request-Method is no browser's: 400 in the one error shape
 * (the plugin's own answer would be plain text).
 */
export function enableCors(app: NestFastifyApplication, env: Env): void {
  const options: FastifyCorsOptions = {
    origin: env.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    methods: CORS_METHODS,
    allowedHeaders: CORS_REQUEST_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  };
  const delegate: FastifyCorsOptionsDelegateCallback = (request, callback) => {
    const { origin, 'access-control-request-method': requestedMethod } = request.headers;
    if (request.method === 'OPTIONS' && (origin === undefined || requestedMethod === undefined)) {
      callback(
        new BadRequestException(
          'A CORS preflight needs the Origin and Access-Control-Request-Method headers',
        ),
      );
      return;
    }
    callback(null, options);
  };
  app.enableCors({ delegator: delegate });
}
