import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config/app-config';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Admin routes need `Authorization: Bearer <ADMIN_TOKEN>`: 401 without a token, 403 with a wrong one. */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(config: AppConfig) {
    this.expected = digest(config.get('ADMIN_TOKEN'));
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header);
    if (match?.[1] === undefined) {
      throw new UnauthorizedException(
        'This action needs the admin token: Authorization: Bearer <ADMIN_TOKEN>',
      );
    }
    if (!timingSafeEqual(digest(match[1].trim()), this.expected)) {
      throw new ForbiddenException('The admin token is not valid');
    }
    return true;
  }
}
