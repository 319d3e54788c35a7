import { describe, expect, it } from 'vitest';
import type { FastifyReply } from 'fastify';
import { HealthController } from './health.controller';
import type { HealthProbes } from './health.probes';
import { ShutdownState } from './shutdown-state';

function controllerWith(
  mysql: 'up' | 'down',
  redis: 'up' | 'down',
  persistence: 'aof' | 'off' = 'aof',
  durableRedisRequired = false,
  shutdown = new ShutdownState(),
): HealthController {
  const probes = {
    mysql: async () => mysql,
    redisState: async () => redis,
    redisPersistence: async () => persistence,
    durableRedisRequired,
    queueDepths: async () => [],
  };
  return new HealthController(probes as unknown as HealthProbes, shutdown);
}

function replyRecorder(): { reply: FastifyReply; status: () => number | undefined } {
  let code: number | undefined;
  const reply = { status: (value: number) => ((code = value), reply) } as unknown as FastifyReply;
  return { reply, status: () => code };
}

describe('HealthController', () => {
  it('is ready when MySQL and Redis answer', async () => {
    const { reply, status } = replyRecorder();
    expect(await controllerWith('up', 'up').ready(reply)).toEqual({
      status: 'ok',
      checks: { mysql: 'up', redis: 'up', redisPersistence: 'aof' },
    });
    expect(status()).toBeUndefined();
  });

  it('answers 503 naming persistence when durable Redis is required and Redis does not log writes', async () => {
    const { reply, status } = replyRecorder();
    const body = await controllerWith('up', 'up', 'off', true).ready(reply);
    expect(status()).toBe(503);
    expect(body).toMatchObject({ statusCode: 503, message: expect.stringContaining('persistence is off') });
    const relaxed = replyRecorder();
    expect(await controllerWith('up', 'up', 'off', false).ready(relaxed.reply)).toMatchObject({
      status: 'ok',
    });
    expect(relaxed.status()).toBeUndefined();
  });

  it('answers 503 naming the part that does not answer', async () => {
    const { reply, status } = replyRecorder();
    const body = await controllerWith('up', 'down').ready(reply);
    expect(status()).toBe(503);
    expect(body).toMatchObject({ statusCode: 503, message: 'Not ready: Redis not answering' });
    const both = await controllerWith('down', 'down').ready(replyRecorder().reply);
    expect(both).toMatchObject({ message: 'Not ready: MySQL and Redis not answering' });
  });

  it('answers 503 once the process drains before shutting down, though MySQL and Redis answer', async () => {
    const shutdown = new ShutdownState();
    const controller = controllerWith('up', 'up', 'aof', false, shutdown);
    shutdown.startDraining();
    const { reply, status } = replyRecorder();
    expect(await controller.ready(reply)).toMatchObject({
      statusCode: 503,
      message: 'Not ready: shutting down',
    });
    expect(status()).toBe(503);
    expect(controller.live()).toEqual({ status: 'ok' });
  });
});
