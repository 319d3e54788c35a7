import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  type CastVoteInput,
  castVoteSchema,
  type CreatePollInput,
  createPollSchema,
  type Envelope,
  envelopeOf,
  type ListPollsParams,
  listPollsQuerySchema,
  type Page,
  pageOf,
  type Poll,
  pollIdSchema,
  pollResponseSchema,
  type PollResults,
  pollResultsResponseSchema,
} from '@hotpath/contracts';
import { AdminGuard } from '../../core/auth/admin.guard';
import { ErrorCode } from '../../core/errors/domain-error';
import { ZodValidationPipe } from '../../core/errors/zod-validation.pipe';
import { ApiAnswer, openApiSchema } from '../../core/http/openapi';
import { PollsService } from './polls.service';

/** A path id that cannot be a poll's is answered like an unknown poll. */
const pollIdParam = new ZodValidationPipe(pollIdSchema, {
  code: ErrorCode.NotFound,
  message: 'Poll not found',
});

@ApiTags('polls')
@Controller('polls')
export class PollsController {
  constructor(private readonly polls: PollsService) {}

  @Post()
  @ApiAnswer(HttpStatus.CREATED, envelopeOf(pollResponseSchema), 'The poll as stored')
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a poll (admin): 2–20 distinct options, single or multiple choice' })
  @ApiBody({ schema: openApiSchema(createPollSchema) })
  async create(
    @Body(new ZodValidationPipe(createPollSchema)) body: CreatePollInput,
  ): Promise<Envelope<Poll>> {
    return { data: await this.polls.create(body) };
  }

  @Get()
  @ApiAnswer(HttpStatus.OK, pageOf(pollResponseSchema))
  @ApiOperation({ summary: 'Page through polls, newest first (keyset cursor)' })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  async list(
    @Query(new ZodValidationPipe(listPollsQuerySchema)) query: ListPollsParams,
  ): Promise<Page<Poll>> {
    return this.polls.list(query);
  }

  @Get(':id')
  @ApiAnswer(HttpStatus.OK, envelopeOf(pollResultsResponseSchema))
  @ApiOperation({
    summary:
      'A poll with its results, served from the cache: at most POLL_RESULTS_TTL_SECONDS (5) old, as resultsAsOf says',
  })
  @ApiParam({ name: 'id', type: Number })
  async results(@Param('id', pollIdParam) id: number): Promise<Envelope<PollResults>> {
    return { data: await this.polls.results(id) };
  }

  @Post(':id/votes')
  @ApiAnswer(HttpStatus.ACCEPTED, envelopeOf(pollResultsResponseSchema), 'Queued; the results as cached')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Cast a ballot (202 once it is queued; counted by the worker). 422 for a bad ballot, 409 for a second ballot of a voter on a uniqueVoters poll',
  })
  @ApiParam({ name: 'id', type: Number })
  @ApiBody({ schema: openApiSchema(castVoteSchema) })
  async vote(
    @Param('id', pollIdParam) id: number,
    @Body(new ZodValidationPipe(castVoteSchema)) body: CastVoteInput,
  ): Promise<Envelope<PollResults>> {
    return { data: await this.polls.vote(id, body) };
  }
}
