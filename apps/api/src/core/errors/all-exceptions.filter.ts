import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DomainError } from './domain-error';
import { toErrorBody } from './error-body';
import { toErrorAnswer } from './error-status';
import { asDomainError } from './service-unavailable.error';

/** An outage answers many requests 503: one log line per code and window says so without flooding the log. */
const UNAVAILABLE_LOG_WINDOW_MS = 5000;

/**
 * Writes every error as the one JSON shape; domain errors get their status from the one code mapping, 5xx
 * are logged with the request id and never show internals. An outage of MySQL or Redis (or a full write
 * queue) is a 503 with Retry-After, never a 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');
  private readonly unavailableLogged = new Map<string, { at: number; since: number }>();

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const domain = asDomainError(exception);
    if (domain !== null) {
      const answer = toErrorAnswer(domain);
      if (answer.statusCode >= 500) this.logUnavailable(request, domain);
      void reply
        .status(answer.statusCode)
        .headers(answer.headers)
        .header('content-type', 'application/json; charset=utf-8')
        .send(answer.body);
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

  private logUnavailable(request: FastifyRequest, error: DomainError): void {
    const now = Date.now();
    const logged = this.unavailableLogged.get(error.code);
    if (logged !== undefined && now - logged.at < UNAVAILABLE_LOG_WINDOW_MS) {
      logged.since++;
      return;
    }
    this.logger.warn({
      message: 'requests answered 503',
      requestId: request.id,
      url: request.url,
      code: error.code,
      alsoSinceLastLine: logged?.since ?? 0,
      error: error.cause instanceof Error ? error.cause.message : error.message,
    });
    this.unavailableLogged.set(error.code, { at: now, since: 0 });
  }
}
