import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { AppConfig } from '../../config/app-config';
import { loadEnv } from '../../config/load-env';
import { AdminGuard } from './admin.guard';

const guard = new AdminGuard(
  new AppConfig(loadEnv({ ADMIN_TOKEN: 'the-right-token-123456' }, '/nonexistent/.env')),
);

const contextWith = (authorization?: string): ExecutionContext =>
  ({
    switchToHttp: () => ({
      getRequest: () => ({ headers: authorization === undefined ? {} : { authorization } }),
    }),
  }) as unknown as ExecutionContext;

describe('AdminGuard', () => {
  it('lets the right bearer token through', () => {
    expect(guard.canActivate(contextWith('Bearer the-right-token-123456'))).toBe(true);
    expect(guard.canActivate(contextWith('bearer   the-right-token-123456'))).toBe(true);
  });

  it('answers 401 without a bearer token and 403 with a wrong one', () => {
    expect(() => guard.canActivate(contextWith())).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(contextWith('Basic abc'))).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(contextWith('Bearer the-wrong-token-12345'))).toThrow(ForbiddenException);
  });
});
