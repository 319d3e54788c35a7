import { Body, Controller, Get, HttpStatus, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  type CreatePaymentInput,
  createPaymentSchema,
  type Envelope,
  envelopeOf,
  type ListPaymentsParams,
  listPaymentsQuerySchema,
  type Page,
  pageOf,
  type Payment,
  PAYMENT_WRONG_FORMAT,
  type PaymentRequestHeaders,
  paymentRequestHeadersSchema,
  paymentResponseSchema,
  type PaymentSeries,
  paymentSeriesResponseSchema,
  type PaymentStatistics,
  type PaymentStatisticsParams,
  paymentStatisticsQuerySchema,
  paymentStatisticsResponseSchema,
} from '@hotpath/contracts';
import type { FastifyReply } from 'fastify';
import { ErrorCode } from '../../core/errors/domain-error';
import { ZodValidationPipe } from '../../core/errors/zod-validation.pipe';
import { ApiAnswer, openApiSchema } from '../../core/http/openapi';
import { PaymentBody } from './payment-body.check';
import { PaymentHeaders } from './payment-headers.decorator';
import { paymentCreatedAnswer, sendPaymentReply } from './payment-reply';
import { PaymentsService } from './payments.service';

const WRONG_FORMAT = { code: ErrorCode.MalformedInput, message: PAYMENT_WRONG_FORMAT };
export const paymentBodyPipe = new ZodValidationPipe(createPaymentSchema, WRONG_FORMAT);
export const paymentHeadersPipe = new ZodValidationPipe(paymentRequestHeadersSchema, WRONG_FORMAT);

export const WINDOW_EDGES =
  'The window is the `window` whole seconds ending with the current one, that second included: a payment ' +
  'counts when floor(createdAt) is between floor(asOf) - window + 1 and floor(asOf) (Unix seconds); `from` is ' +
  'the start of the first counted second. Figures are computed at most once per second and may be up to 1 s old.';

export const CREATE_PAYMENT_DOCS = {
  summary: 'Pay: answered 201 once the payment is committed in MySQL',
  description:
    '`amount`: decimal string or JSON number, at most 2 decimals, > 0 and <= 1000000000.00; `currency`: 3 letters ' +
    '(default EUR). Any bad input, a body that is not JSON or another content type: 400 "Wrong format" with details. ' +
    'Idempotency-Key (optional, up to 255 printable ASCII characters): the same key with the same request within ' +
    '24 hours answers the first response again (header Idempotent-Replayed: true) and creates nothing; with a ' +
    'different request: 422. 503 when the database is unavailable (nothing confirmed; retry with the same key).',
};

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post()
  @PaymentBody()
  @ApiOperation(CREATE_PAYMENT_DOCS)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes retries safe: one payment per key for 24 hours',
  })
  @ApiBody({ schema: openApiSchema(createPaymentSchema) })
  @ApiAnswer(
    HttpStatus.CREATED,
    envelopeOf(paymentResponseSchema),
    'The payment as stored (a retry with the same Idempotency-Key gets the same answer)',
  )
  @ApiResponse({ status: HttpStatus.BAD_REQUEST, description: 'Wrong format' })
  @ApiResponse({
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    description: 'Idempotency-Key reused with a different request',
  })
  @ApiResponse({
    status: HttpStatus.SERVICE_UNAVAILABLE,
    description: 'Not confirmed; retry with the same key',
  })
  async create(
    @PaymentHeaders(paymentHeadersPipe) headers: PaymentRequestHeaders,
    @Body(paymentBodyPipe) body: CreatePaymentInput,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendPaymentReply(
      reply,
      await this.payments.create(body, headers['idempotency-key'], paymentCreatedAnswer),
    );
  }

  @Get()
  @ApiAnswer(HttpStatus.OK, pageOf(paymentResponseSchema))
  @ApiOperation({ summary: 'Page through payments, newest first (keyset cursor)' })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  async list(
    @Query(new ZodValidationPipe(listPaymentsQuerySchema)) query: ListPaymentsParams,
  ): Promise<Page<Payment>> {
    return this.payments.list(query);
  }

  @Get('statistics')
  @ApiAnswer(HttpStatus.OK, envelopeOf(paymentStatisticsResponseSchema))
  @ApiOperation({
    summary: 'Count, total, average (half up), min and max of one currency over the last `window` seconds',
    description: `${WINDOW_EDGES} Default window: PAYMENT_STATS_WINDOW_SECONDS (1200). Amounts are exact decimal strings; avg, min and max are null without payments.`,
  })
  @ApiQuery({ name: 'window', required: false, type: Number, description: 'Seconds, 1 to 3600' })
  @ApiQuery({ name: 'currency', required: false, type: String, description: '3-letter code, default EUR' })
  async statistics(
    @Query(new ZodValidationPipe(paymentStatisticsQuerySchema)) query: PaymentStatisticsParams,
  ): Promise<Envelope<PaymentStatistics>> {
    return { data: await this.payments.statistics(query) };
  }

  @Get('statistics/series')
  @ApiAnswer(HttpStatus.OK, envelopeOf(paymentSeriesResponseSchema))
  @ApiOperation({
    summary: 'Count and total per minute across the window, oldest first, minutes without payments included',
    description: `${WINDOW_EDGES} The first and last minutes count only their seconds inside the window.`,
  })
  @ApiQuery({ name: 'window', required: false, type: Number, description: 'Seconds, 1 to 3600' })
  @ApiQuery({ name: 'currency', required: false, type: String, description: '3-letter code, default EUR' })
  async series(
    @Query(new ZodValidationPipe(paymentStatisticsQuerySchema)) query: PaymentStatisticsParams,
  ): Promise<Envelope<PaymentSeries>> {
    return { data: await this.payments.series(query) };
  }
}
