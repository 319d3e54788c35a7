import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export type AdminCredential = 'missing' | 'wrong' | 'valid';

/**
 * The token an `Authorization` header carries: `Bearer <token>`, or (for browsers, which cannot add a bearer
 * header to a page load) HTTP Basic with the token as the password and any user name.
 */
export function presentedToken(header: string | undefined, acceptBasic: boolean): string | undefined {
  if (header === undefined) return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer?.[1] !== undefined) return bearer[1].trim();
  const basic = acceptBasic ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim()) : null;
  if (basic?.[1] === undefined) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}

/** Compares a presented token with ADMIN_TOKEN in constant time (over digests, so lengths do not leak). */
export class AdminTokenMatcher {
  private readonly expected: Buffer;

  constructor(adminToken: string) {
    this.expected = digest(adminToken);
  }

  check(token: string | undefined): AdminCredential {
    if (token === undefined || token === '') return 'missing';
    return timingSafeEqual(digest(token), this.expected) ? 'valid' : 'wrong';
  }
}
