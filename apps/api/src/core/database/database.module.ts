import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config';
import { buildDataSourceOptions } from './data-source-options';
import { ReplicaReads } from './replica-reads';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(
          config.get('DATABASE_URL'),
          config.get('DATABASE_POOL_SIZE'),
          config.get('WRITE_ACK_TIMEOUT_MS'),
          config.get('DATABASE_REPLICA_URLS'),
        ),
        autoLoadEntities: true,
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [ReplicaReads],
  exports: [ReplicaReads],
})
export class DatabaseModule {}
