import { Catch, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ApiError } from '@hotpath/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PaymentNotConfirmedError } from './payment-errors';

/** Seconds a client is asked to wait before retrying a payment that was not confirmed. */
const RETRY_AFTER_SECONDS = 1;

/**
 * A payment whose batch did not commit is answered 503 in the one error shape, with a message that tells the
 * client what it may do (the global filter would hide any 5xx behind "Internal server error").
 */
@Catch(PaymentNotConfirmedError)
export class PaymentsExceptionFilter implements ExceptionFilter<PaymentNotConfirmedError> {
  private readonly logger = new Logger('Payments');

  catch(exception: PaymentNotConfirmedError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    this.logger.error({
      message: 'payment not confirmed',
      requestId: request.id,
      url: request.url,
      error: exception.message,
    });
    const body: ApiError = {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message:
        'Payment not confirmed: the database is unavailable. Retry with the same Idempotency-Key to pay at most once.',
    };
    void reply
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .header('content-type', 'application/json; charset=utf-8')
      .send(body);
  }
}
