import { getQueueToken } from '@nestjs/bull';
import { HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter as BoardFastifyAdapter } from '@bull-board/fastify';
import type { ApiError } from '@hotpath/contracts';
import type { Queue } from 'bull';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Env } from '../../config/env.schema';
import { ADMIN_TOKEN_WRONG } from '../auth/admin.guard';
import { AdminTokenMatcher, presentedToken } from '../auth/admin-token';
import { ALL_QUEUES } from '../queue/queue-names';

export const QUEUE_BOARD_PATH = '/admin/queues';
const SAFE_METHODS = new Set(['GET', 'HEAD']);

const deny = (reply: FastifyReply, statusCode: number, message: string): FastifyReply => {
  const body: ApiError = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  return reply.code(statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
};

/** A state-changing request from another site (its Origin is not this host) never reaches the board. */
const crossSite = (request: FastifyRequest): boolean => {
  const origin = request.headers.origin;
  if (origin === undefined || SAFE_METHODS.has(request.method)) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
};

/**
 * Bull Board at /admin/queues: every queue of core/queue, its jobs (failed ones with their error and
 * stack), retry and removal. Behind the admin token, given as `Authorization: Bearer <ADMIN_TOKEN>` or, from
 * a browser, through the Basic-auth prompt this answers 401 with (any user name, the token as password).
 * 401 without a token, 403 with a wrong one, both in the one error shape.
 */
export async function registerQueueBoard(app: NestFastifyApplication, env: Env): Promise<void> {
  const queues = ALL_QUEUES.map(
    (name) => new BullAdapter(app.get<Queue>(getQueueToken(name), { strict: false }), { allowRetries: true }),
  );
  const serverAdapter = new BoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues,
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Hotpath queues' } },
  });
  const matcher = new AdminTokenMatcher(env.ADMIN_TOKEN);

  await app.register(
    async (scope: FastifyInstance) => {
      scope.addHook('onRequest', async (request, reply) => {
        const credential = matcher.check(presentedToken(request.headers.authorization, true));
        if (credential === 'missing') {
          void reply.header('www-authenticate', 'Basic realm="Hotpath queue board", charset="UTF-8"');
          return deny(
            reply,
            HttpStatus.UNAUTHORIZED,
            'The queue board needs the admin token: Authorization: Bearer <ADMIN_TOKEN>, or Basic with the token as password',
          );
        }
        if (credential === 'wrong') return deny(reply, HttpStatus.FORBIDDEN, ADMIN_TOKEN_WRONG);
        if (crossSite(request)) {
          return deny(reply, HttpStatus.FORBIDDEN, 'The queue board does not take changes from another site');
        }
        return undefined;
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}
