import type { Env } from '../../config/env.schema';

/** Requests per minute per client for each route group; a group at 0 is not limited. */
export interface RateLimits {
  reads: number;
  writes: number;
  admin: number;
}
export type RouteGroup = keyof RateLimits;

const isProduction = (env: Env): boolean => env.NODE_ENV === 'production';

/** `/docs` is served unless EXPOSE_DOCS says otherwise; by default only outside production. */
export const docsExposed = (env: Env): boolean =>
  (env.EXPOSE_DOCS ?? (isProduction(env) ? 'off' : 'on')) === 'on';

/** `/system/*` needs the admin token when SYSTEM_ROUTES_ADMIN_ONLY says so; by default only in production. */
export const systemRoutesAdminOnly = (env: Env): boolean =>
  (env.SYSTEM_ROUTES_ADMIN_ONLY ?? (isProduction(env) ? 'on' : 'off')) === 'on';

/**
 * The limits per route group, or null when RATE_LIMIT_PER_MINUTE is 0 (limiting off). Writes get the main
 * knob, reads twice it (a page view reads more than it writes), admin routes a tenth of it; each group's own
 * variable overrides its share.
 */
export function rateLimits(env: Env): RateLimits | null {
  const main = env.RATE_LIMIT_PER_MINUTE;
  if (main === 0) return null;
  return {
    writes: env.RATE_LIMIT_WRITES_PER_MINUTE ?? main,
    reads: env.RATE_LIMIT_READS_PER_MINUTE ?? main * 2,
    admin: env.RATE_LIMIT_ADMIN_PER_MINUTE ?? Math.max(10, Math.floor(main / 10)),
  };
}

const ADMIN_PREFIXES = ['/admin/', '/system/'];
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The group a request counts against: admin and operator routes first, then reads and writes by method. */
export function routeGroup(method: string, path: string): RouteGroup {
  if (ADMIN_PREFIXES.some((prefix) => path.startsWith(prefix))) return 'admin';
  return READ_METHODS.has(method) ? 'reads' : 'writes';
}
