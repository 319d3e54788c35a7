import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { createRedisClient, type RedisClient } from './redis-client.factory';
import { RedisDurability } from './redis-durability';
import { REDIS_CLIENT, REDIS_SUBSCRIBER } from './redis.constants';

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        createRedisClient(config, 'commands', { commandTimeoutMs: config.get('WRITE_ACK_TIMEOUT_MS') }),
    },
    {
      provide: REDIS_SUBSCRIBER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createRedisClient(config, 'subscriber'),
    },
    RedisDurability,
  ],
  exports: [REDIS_CLIENT, REDIS_SUBSCRIBER, RedisDurability],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CLIENT) private readonly client: RedisClient,
    @Inject(REDIS_SUBSCRIBER) private readonly subscriber: RedisClient,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.client.quit(), this.subscriber.quit()]);
  }
}
