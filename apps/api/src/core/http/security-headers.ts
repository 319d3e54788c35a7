import type { NestFastifyApplication } from '@nestjs/platform-fastify';
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
 * Security headers on every answer (nosniff, no framing, HSTS, a same-origin CSP...), with Nest's own
 * `useSecurityHeaders()`: the header list is worked out once at start and written in one request hook that runs
 * before routing, so 404s and errors carry them too. The CSP allows what the Swagger UI at /docs and the queue
 * board need: their own scripts, inline styles and data: images, nothing from elsewhere.
 */
export function registerSecurityHeaders(app: NestFastifyApplication): void {
  app.useSecurityHeaders({
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
 * CORS for the browser origins CORS_ORIGINS names, with exactly the methods and headers the dashboard uses,
 * as static options (normalised once, not per request as a delegator would). The plugin refuses a preflight
 * without Origin or Access-Control-Request-Method (no browser's) with a plain-text 400; guardHttpEdge rewrites
 * that answer into the one error shape. With no origin named (the default) nothing is registered: the dashboard
 * calls the API through its own /api proxy, browsers refuse every other origin's reads, and no request pays
 * for a CORS hook (about a seventh of a hot GET's CPU).
 */
export function enableCors(app: NestFastifyApplication, env: Env): void {
  const origins = env.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (origins.length === 0) return;
  app.enableCors({
    origin: origins,
    methods: CORS_METHODS,
    allowedHeaders: CORS_REQUEST_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
}
