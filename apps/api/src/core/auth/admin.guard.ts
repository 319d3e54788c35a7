import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { AdminTokenMatcher, presentedToken } from './admin-token';

export const ADMIN_TOKEN_MISSING = 'This action needs the admin token: Authorization: Bearer <ADMIN_TOKEN>';
export const ADMIN_TOKEN_WRONG = 'The admin token is not valid';

/** Admin routes need `Authorization: Bearer <ADMIN_TOKEN>`: 401 without a token, 403 with a wrong one. */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly matcher: AdminTokenMatcher;

  constructor(config: AppConfig) {
    this.matcher = new AdminTokenMatcher(config.get('ADMIN_TOKEN'));
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    switch (this.matcher.check(presentedToken(header, false))) {
      case 'missing':
        throw new UnauthorizedException(ADMIN_TOKEN_MISSING);
      case 'wrong':
        throw new ForbiddenException(ADMIN_TOKEN_WRONG);
      case 'valid':
        return true;
    }
  }
}
