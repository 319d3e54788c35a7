import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ReadinessReport, SystemStatus } from '@hotpath/contracts';
import type { FastifyReply } from 'fastify';
import { HealthProbes } from './health.probes';
import {
  livenessResponseSchema,
  readinessResponseSchema,
  systemStatusResponseSchema,
} from '@hotpath/contracts';
import { ApiAnswer } from '../http/openapi';
import { ShutdownState } from './shutdown-state';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly probes: HealthProbes,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get('health')
  @ApiAnswer(HttpStatus.OK, livenessResponseSchema)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Liveness: the process is up and serving' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @ApiAnswer(HttpStatus.OK, readinessResponseSchema)
  @ApiOperation({
    summary:
      'Readiness: MySQL and Redis answer, and Redis logs writes when REQUIRE_DURABLE_REDIS=on (503 naming the part at fault, or while shutting down)',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport | object> {
    if (this.shutdown.draining) {
      reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: 'Not ready: shutting down',
      };
    }
    const [mysql, redis, redisPersistence] = await Promise.all([
      this.probes.mysql(),
      this.probes.redisState(),
      this.probes.redisPersistence(),
    ]);
    const volatile = this.probes.durableRedisRequired && redisPersistence !== 'aof' && redis === 'up';
    if (mysql === 'up' && redis === 'up' && !volatile) {
      return { status: 'ok', checks: { mysql, redis, redisPersistence } };
    }
    const down = [mysql === 'down' ? 'MySQL' : null, redis === 'down' ? 'Redis' : null].filter(Boolean);
    const problems = down.length > 0 ? [`${down.join(' and ')} not answering`] : [];
    if (volatile) {
      problems.push(
        `Redis persistence is ${redisPersistence === 'off' ? 'off (appendonly no)' : 'unknown'}: acknowledged writes would not survive a Redis restart (REQUIRE_DURABLE_REDIS=on)`,
      );
    }
    reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message: `Not ready: ${problems.join('; ')}`,
      details: [
        { field: 'mysql', message: mysql },
        { field: 'redis', message: redis },
        { field: 'redisPersistence', message: redisPersistence },
      ],
    };
  }

  @Get('system/status')
  @ApiAnswer(HttpStatus.OK, systemStatusResponseSchema)
  @ApiOperation({ summary: 'Health of API, MySQL and Redis and the depth of every queue, for the dashboard' })
  async status(): Promise<SystemStatus> {
    const [mysql, redis] = await Promise.all([this.probes.mysql(), this.probes.redisState()]);
    const queues = redis === 'up' ? await this.probes.queueDepths().catch(() => []) : [];
    return {
      api: 'up',
      mysql,
      redis,
      queues,
      uptimeSeconds: Math.round(process.uptime()),
      checkedAt: new Date().toISOString(),
    };
  }
}
