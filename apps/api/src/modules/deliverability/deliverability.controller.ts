import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  type DeliverabilitySummary,
  deliverabilitySummaryResponseSchema,
  type DeliveryEvent,
  deliveryEventBatchSchema,
  DOMAIN_STATUSES,
  type DomainListItem,
  domainListItemResponseSchema,
  domainNameSchema,
  type DomainReport,
  domainReportResponseSchema,
  type Envelope,
  envelopeOf,
  type EventsAccepted,
  eventsAcceptedResponseSchema,
  type ListDomainsParams,
  listDomainsQuerySchema,
  type Page,
  pageOf,
} from '@hotpath/contracts';
import { ErrorCode } from '../../core/errors/domain-error';
import { ZodValidationPipe } from '../../core/errors/zod-validation.pipe';
import { ApiAnswer, openApiSchema } from '../../core/http/openapi';
import { DeliverabilityService } from './deliverability.service';
import { EventBatchPipe } from './event-batch.pipe';
import { NDJSON_CONTENT_TYPE } from './ndjson.body-parser';

/** A domain in the path that is not a host name is a bad request (400), as the seed's clients expect. */
const domainParam = new ZodValidationPipe(domainNameSchema, {
  code: ErrorCode.MalformedInput,
  message: 'Invalid domain',
});

/** The seed's routes, unchanged: PUT one event, GET one domain; plus batches, listing and a summary. */
@ApiTags('deliverability')
@Controller()
export class DeliverabilityController {
  constructor(private readonly deliverability: DeliverabilityService) {}

  @Put('events/:domain/delivered')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Record one delivered event (204 once queued; any other event type is 404)' })
  @ApiParam({ name: 'domain', type: String })
  async delivered(@Param('domain', domainParam) domain: string): Promise<void> {
    await this.deliverability.record([{ domain, type: 'delivered' }]);
  }

  @Put('events/:domain/bounced')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Record one bounced event (204 once queued)' })
  @ApiParam({ name: 'domain', type: String })
  async bounced(@Param('domain', domainParam) domain: string): Promise<void> {
    await this.deliverability.record([{ domain, type: 'bounced' }]);
  }

  @Post('events')
  @ApiAnswer(HttpStatus.ACCEPTED, envelopeOf(eventsAcceptedResponseSchema), 'Queued')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Record up to 10,000 events: a JSON array or NDJSON; any invalid entry rejects the whole batch (422)',
  })
  @ApiConsumes('application/json', NDJSON_CONTENT_TYPE)
  @ApiBody({ schema: openApiSchema(deliveryEventBatchSchema) })
  async batch(@Body(new EventBatchPipe()) events: DeliveryEvent[]): Promise<Envelope<EventsAccepted>> {
    return { data: { accepted: await this.deliverability.record(events) } };
  }

  @Get('domains')
  @ApiAnswer(HttpStatus.OK, pageOf(domainListItemResponseSchema))
  @ApiOperation({ summary: 'Domains of one status from MySQL, latest to enter it first (keyset pages)' })
  @ApiQuery({ name: 'status', required: true, enum: DOMAIN_STATUSES })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  async list(
    @Query(new ZodValidationPipe(listDomainsQuerySchema)) query: ListDomainsParams,
  ): Promise<Page<DomainListItem>> {
    return this.deliverability.list(query);
  }

  @Get('domains/:domain')
  @ApiAnswer(HttpStatus.OK, envelopeOf(domainReportResponseSchema))
  @ApiOperation({ summary: "A domain's status and counts (the hot path, served from Redis)" })
  @ApiParam({ name: 'domain', type: String })
  async get(@Param('domain', domainParam) domain: string): Promise<Envelope<DomainReport>> {
    return { data: await this.deliverability.report(domain) };
  }

  @Get('deliverability/summary')
  @ApiAnswer(HttpStatus.OK, envelopeOf(deliverabilitySummaryResponseSchema))
  @ApiOperation({ summary: 'Number of domains in each status (cached for 2 s)' })
  async summary(): Promise<Envelope<DeliverabilitySummary>> {
    return { data: await this.deliverability.summary() };
  }
}
