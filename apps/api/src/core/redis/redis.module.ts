import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { REDIS_CLIENT, REDIS_SUBSCRIBER } from './redis.constants';

function connect(config: AppConfig, name: 'commands' | 'subscriber'): Redis {
  return new Redis(config.get('REDIS_URL'), {
    connectionName: `hotpath-${name}`,
    maxRetriesPerRequest: 2,
    // A subscribing connection may not run INFO (the ready check) nor take pipelined commands.
    enableReadyCheck: name === 'commands',
    enableAutoPipelining: name === 'commands',
  });
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => connect(config, 'commands'),
    },
    {
      provide: REDIS_SUBSCRIBER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => connect(config, 'subscriber'),
    },
  ],
  exports: [REDIS_CLIENT, REDIS_SUBSCRIBER],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CLIENT) private readonly client: Redis,
    @Inject(REDIS_SUBSCRIBER) private readonly subscriber: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.client.quit(), this.subscriber.quit()]);
  }
}
