import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { REDIS_CLIENT, REDIS_SUBSCRIBER } from './redis.constants';
import { createRedisClient, type RedisClient } from './redis-client.factory';

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createRedisClient(config, 'commands'),
    },
    {
      provide: REDIS_SUBSCRIBER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => createRedisClient(config, 'subscriber'),
    },
  ],
  exports: [REDIS_CLIENT, REDIS_SUBSCRIBER],
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
