import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Env } from '../../config/env.schema';
import { ADMIN_TOKEN_MISSING, ADMIN_TOKEN_WRONG } from '../auth/admin.guard';
import { AdminTokenMatcher, presentedToken } from '../auth/admin-token';
import { systemRoutesAdminOnly } from './edge-settings';

/**
 * In production (or when SYSTEM_ROUTES_ADMIN_ONLY=on) every `/system/*` route, present and future, needs the
 * admin token: they show queue depths, traffic and cache figures that are nobody else's business.
 */
export function guardSystemRoutes(app: NestFastifyApplication, env: Env): void {
  if (!systemRoutesAdminOnly(env)) return;
  const matcher = new AdminTokenMatcher(env.ADMIN_TOKEN);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, _reply, done) => {
      // The matched route, not the raw URL: `/%73ystem/status` reaches the same handler as `/system/status`.
      if (!(request.routeOptions.url ?? request.url).startsWith('/system/')) return done();
      switch (matcher.check(presentedToken(request.headers.authorization, false))) {
        case 'missing':
          return done(new UnauthorizedException(ADMIN_TOKEN_MISSING));
        case 'wrong':
          return done(new ForbiddenException(ADMIN_TOKEN_WRONG));
        case 'valid':
          return done();
      }
    });
}
