import { Body, Controller, Get, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type CreatePaymentInput,
  createPaymentSchema,
  envelopeOf,
  type LegacyPaymentStatistics,
  legacyPaymentStatisticsResponseSchema,
  type PaymentRequestHeaders,
  paymentResponseSchema,
} from '@hotpath/contracts';
import type { FastifyReply } from 'fastify';
import { ApiAnswer, openApiSchema } from '../../core/http/openapi';
import { PaymentBody } from './payment-body.check';
import { PaymentHeaders } from './payment-headers.decorator';
import { paymentCreatedAnswer, sendPaymentReply } from './payment-reply';
import { CREATE_PAYMENT_DOCS, paymentBodyPipe, paymentHeadersPipe } from './payments.controller';
import { PaymentsService } from './payments.service';

/** The seed's routes, kept for its clients: POST /payment and GET /statistics. */
@ApiTags('payments')
@Controller()
export class PaymentsLegacyController {
  constructor(private readonly payments: PaymentsService) {}

  @Post('payment')
  @ApiAnswer(HttpStatus.CREATED, envelopeOf(paymentResponseSchema), 'The payment as stored')
  @PaymentBody()
  @ApiOperation({
    ...CREATE_PAYMENT_DOCS,
    summary: 'Seed contract: the same as POST /payments',
    deprecated: true,
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ schema: openApiSchema(createPaymentSchema) })
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

  @Get('statistics')
  @ApiAnswer(HttpStatus.OK, legacyPaymentStatisticsResponseSchema)
  @ApiOperation({
    summary: 'Seed contract: {total_amount, avg_amount} of EUR payments over the default window',
    description:
      'The same figures as GET /payments/statistics without parameters; avg_amount is "0.00" without payments.',
    deprecated: true,
  })
  async statistics(): Promise<LegacyPaymentStatistics> {
    return this.payments.legacyStatistics();
  }
}
