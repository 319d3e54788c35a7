import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  type CreateSubscriberInput,
  createSubscriberSchema,
  emailSchema,
  type Envelope,
  envelopeOf,
  type ListSubscribersParams,
  listSubscribersQuerySchema,
  type Page,
  pageOf,
  type Subscriber,
  subscriberResponseSchema,
  type UpdateSubscriberInput,
  updateSubscriberSchema,
} from '@hotpath/contracts';
import { AdminGuard } from '../../core/auth/admin.guard';
import { ZodValidationPipe } from '../../core/errors/zod-validation.pipe';
import { ApiAnswer, openApiSchema } from '../../core/http/openapi';
import { SubscribersService } from './subscribers.service';

const emailParam = new ZodValidationPipe(emailSchema);

@ApiTags('subscribers')
@Controller('subscribers')
export class SubscribersController {
  constructor(private readonly subscribers: SubscribersService) {}

  @Post()
  @ApiAnswer(HttpStatus.CREATED, envelopeOf(subscriberResponseSchema), 'The subscriber as stored')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a subscriber (409 when the email exists; no upsert)' })
  @ApiBody({ schema: openApiSchema(createSubscriberSchema) })
  async create(
    @Body(new ZodValidationPipe(createSubscriberSchema)) body: CreateSubscriberInput,
  ): Promise<Envelope<Subscriber>> {
    return { data: await this.subscribers.create(body) };
  }

  @Get()
  @ApiAnswer(HttpStatus.OK, pageOf(subscriberResponseSchema))
  @ApiOperation({
    summary: 'Page through subscribers, newest first; `search` is an email prefix (ordered by email)',
  })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiQuery({ name: 'status', required: false, type: String })
  @ApiQuery({ name: 'search', required: false, type: String })
  async list(
    @Query(new ZodValidationPipe(listSubscribersQuerySchema)) query: ListSubscribersParams,
  ): Promise<Page<Subscriber>> {
    return this.subscribers.list(query);
  }

  @Get(':email')
  @ApiAnswer(HttpStatus.OK, envelopeOf(subscriberResponseSchema))
  @ApiOperation({ summary: 'Fetch one subscriber by email (the hot path, served from the cache)' })
  @ApiParam({ name: 'email', type: String })
  async get(@Param('email', emailParam) email: string): Promise<Envelope<Subscriber>> {
    return { data: await this.subscribers.get(email) };
  }

  @Patch(':email')
  @ApiAnswer(HttpStatus.OK, envelopeOf(subscriberResponseSchema), 'The subscriber after the change')
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change name, last name, status or field values (admin); a null field value removes it',
  })
  @ApiParam({ name: 'email', type: String })
  @ApiBody({ schema: openApiSchema(updateSubscriberSchema) })
  async update(
    @Param('email', emailParam) email: string,
    @Body(new ZodValidationPipe(updateSubscriberSchema)) body: UpdateSubscriberInput,
  ): Promise<Envelope<Subscriber>> {
    return { data: await this.subscribers.update(email, body) };
  }

  @Delete(':email')
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a subscriber (admin)' })
  @ApiParam({ name: 'email', type: String })
  async remove(@Param('email', emailParam) email: string): Promise<void> {
    await this.subscribers.remove(email);
  }
}
