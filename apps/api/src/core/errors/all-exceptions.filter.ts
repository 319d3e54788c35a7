import { Catch, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ApiError } from '@hotpath/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorBody } from './error-body';
import { asServiceUnavailable } from './service-unavailable.error';

/**
 * Writes every error as the one JSON shape; 5xx are logged with the request id and never show internals.
 * An outage of MySQL or Redis (or a full write queue) is a 503 with Retry-After, never a 500.
 */
/** An outage answers many requests 503: one log line per code and window says so without flooding the log. */
const UNAVAILABLE_LOG_WINDOW_MS = 5000;

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');
  private readonly unavailableLogged = new Map<string, { at: number; since: number }>();

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const unavailable = asServiceUnavailable(exception);
    if (unavailable !== null) {
      const now = Date.now();
      const logged = this.unavailableLogged.get(unavailable.code);
      if (logged === undefined || now - logged.at >= UNAVAILABLE_LOG_WINDOW_MS) {
        this.logger.warn({
          message: 'requests answered 503',
          requestId: request.id,
          url: request.url,
          code: unavailable.code,
          alsoSinceLastLine: logged?.since ?? 0,
          error: unavailable.cause instanceof Error ? unavailable.cause.message : unavailable.message,
        });
        this.unavailableLogged.set(unavailable.code, { at: now, since: 0 });
      } else {
        logged.since++;
      }
      const body: ApiError = {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: unavailable.message,
      };
      void reply
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .header('retry-after', String(unavailable.retryAfterSeconds))
        .header('content-type', 'application/json; charset=utf-8')
        .send(body);
      return;
    }
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error({
        message: 'request failed',
        requestId: request.id,
        method: request.method,
        url: request.url,
        error: exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      });
    }
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
