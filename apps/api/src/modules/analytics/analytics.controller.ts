import { Controller, Get, Header, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  type AnalyticsEvent,
  type AnalyticsHour,
  type AnalyticsHourQuery,
  analyticsHourQuerySchema,
  analyticsHourResponseSchema,
  type AnalyticsHoursQuery,
  analyticsHoursQuerySchema,
  type Envelope,
  envelopeOf,
  formatHourReport,
  recordAnalyticsEventQuerySchema,
} from '@hotpath/contracts';
import { ErrorCode } from '../../core/errors/domain-error';
import type { ValidationFailure } from '../../core/errors/validation.error';
import { ZodValidationPipe } from '../../core/errors/zod-validation.pipe';
import { AnalyticsService } from './analytics.service';
import { ApiAnswer } from '../../core/http/openapi';
import { z } from 'zod';

/** The Tapad contract answers every bad query with 400. */
const BAD_QUERY: ValidationFailure = { code: ErrorCode.MalformedInput, message: 'Invalid query parameters' };
const TIMESTAMP = { type: String, description: 'Milliseconds since 1970-01-01T00:00:00Z, digits only' };

@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Post()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Record a click or an impression of a user at a time (204 once queued; counted within moments)',
  })
  @ApiQuery({ name: 'timestamp', required: true, ...TIMESTAMP })
  @ApiQuery({ name: 'user', required: true, type: String, description: 'The user name, 1 to 255 characters' })
  @ApiQuery({ name: 'click', required: false, allowEmptyValue: true, description: 'Flag, no value: a click' })
  @ApiQuery({
    name: 'impression',
    required: false,
    allowEmptyValue: true,
    description: 'Flag, no value: an impression',
  })
  @ApiResponse({ status: 204, description: 'Accepted: stored in the queue, no body' })
  @ApiResponse({
    status: 400,
    description: 'Bad timestamp or user, or not exactly one of click and impression',
  })
  async record(
    @Query(new ZodValidationPipe(recordAnalyticsEventQuerySchema, BAD_QUERY)) event: AnalyticsEvent,
  ): Promise<void> {
    await this.analytics.record(event);
  }

  @Get()
  @Header('content-type', 'text/plain; charset=utf-8')
  @Header('cache-control', 'no-cache')
  @ApiOperation({
    summary:
      'Unique users, clicks and impressions of the UTC hour containing the timestamp, as three text lines',
  })
  @ApiQuery({ name: 'timestamp', required: true, ...TIMESTAMP })
  @ApiProduces('text/plain')
  @ApiResponse({
    status: 200,
    description: 'unique_users,N\\nclicks,N\\nimpressions,N (no trailing newline)',
    schema: { type: 'string', example: 'unique_users,2\\nclicks,3\\nimpressions,5' },
  })
  async hour(
    @Query(new ZodValidationPipe(analyticsHourQuerySchema, BAD_QUERY)) query: AnalyticsHourQuery,
  ): Promise<string> {
    return formatHourReport(await this.analytics.hour(query.timestamp));
  }

  @Get('hours')
  @ApiAnswer(HttpStatus.OK, envelopeOf(z.array(analyticsHourResponseSchema)))
  @ApiOperation({
    summary: 'Every UTC hour from the one containing `from` to the one containing `to` (at most 31 days)',
  })
  @ApiQuery({ name: 'from', required: true, ...TIMESTAMP })
  @ApiQuery({ name: 'to', required: true, ...TIMESTAMP })
  async hours(
    @Query(new ZodValidationPipe(analyticsHoursQuerySchema, BAD_QUERY)) query: AnalyticsHoursQuery,
  ): Promise<Envelope<AnalyticsHour[]>> {
    return { data: await this.analytics.hours(query.from, query.to) };
  }
}
