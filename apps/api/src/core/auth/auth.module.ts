import { Module } from '@nestjs/common';
import { AdminTokenController } from './admin-token.controller';

@Module({ controllers: [AdminTokenController] })
export class AuthModule {}
