import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  systemTrafficQuerySchema,
  systemTrafficResponseSchema,
  type SystemTraffic,
  type SystemTrafficQuery,
} from '@hotpath/contracts';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { ApiAnswer } from '../http/openapi';
import { buildSystemTraffic, stepOf, TRAFFIC_STEP_SECONDS } from './traffic-steps';
import { TrafficRepository } from './traffic.repository';

@ApiTags('health')
@Controller('system')
export class TrafficController {
  constructor(private readonly traffic: TrafficRepository) {}

  @Get('traffic')
  @ApiAnswer(HttpStatus.OK, systemTrafficResponseSchema)
  @ApiOperation({
    summary: 'Requests, 5xx and p99 per area and queue depth/lag per 10 s step, over every instance',
  })
  @ApiQuery({ name: 'minutes', required: false, description: 'the last 1-20 minutes (default 15)' })
  async recent(
    @Query(new ZodValidationPipe(systemTrafficQuerySchema)) query: SystemTrafficQuery,
  ): Promise<SystemTraffic> {
    // The current step is still being counted: the answer ends where it starts.
    const count = (query.minutes * 60) / TRAFFIC_STEP_SECONDS;
    const firstStep = stepOf(Date.now()) - count;
    return buildSystemTraffic(firstStep, await this.traffic.readSteps(firstStep, count));
  }
}
