import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  castVoteSchema,
  createPollSchema,
  listPollsQuerySchema,
  pollIdSchema,
  type CastVoteInput,
  type CreatePollInput,
  type Envelope,
  type ListPollsParams,
  type Page,
  type Poll,
  type PollResults,
} from '@hotpath/contracts';
import { AdminGuard } from '../../core/auth/admin.guard';
import { ZodValidationPipe } from '../../core/errors/zod-validation.pipe';
import { openApiSchema } from '../../core/http/openapi';
import { PollsService } from './polls.service';

/** A path id that cannot be a poll's is answered like an unknown poll. */
const pollIdParam = new ZodValidationPipe(pollIdSchema, {
  status: HttpStatus.NOT_FOUND,
  message: 'Poll not found',
});

@ApiTags('polls')
@Controller('polls')
export class PollsController {
  constructor(private readonly polls: PollsService) {}

  @Post()
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
  @ApiOperation({ summary: 'Page through polls, newest first (keyset cursor)' })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  async list(
    @Query(new ZodValidationPipe(listPollsQuerySchema)) query: ListPollsParams,
  ): Promise<Page<Poll>> {
    return this.polls.list(query);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A poll with its results, served from the cache: at most POLL_RESULTS_TTL_SECONDS (5) old, as resultsAsOf says',
  })
  @ApiParam({ name: 'id', type: Number })
  async results(@Param('id', pollIdParam) id: number): Promise<Envelope<PollResults>> {
    return { data: await this.polls.results(id) };
  }

  @Post(':id/votes')
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
