import { describe, expect, it } from 'vitest';
import { AdminTokenMatcher, presentedToken } from './admin-token';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('admin token', () => {
  const matcher = new AdminTokenMatcher('the-right-token-123456');

  it('reads a bearer token, and a Basic password only where browsers are allowed to use it', () => {
    expect(presentedToken('Bearer  the-right-token-123456 ', false)).toBe('the-right-token-123456');
    expect(presentedToken(basic('anyone', 'the:token'), true)).toBe('the:token');
    expect(presentedToken(basic('anyone', 'the-right-token-123456'), false)).toBeUndefined();
    expect(presentedToken(undefined, true)).toBeUndefined();
    expect(presentedToken('Basic !!!', true)).toBeUndefined();
  });

  it('tells a missing token from a wrong one', () => {
    expect(matcher.check(undefined)).toBe('missing');
    expect(matcher.check('')).toBe('missing');
    expect(matcher.check('the-wrong-token-12345')).toBe('wrong');
    expect(matcher.check('the-right-token-123456')).toBe('valid');
  });
});
