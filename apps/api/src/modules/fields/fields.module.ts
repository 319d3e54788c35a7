import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FieldEntity } from './field.entity';
import { FieldsController } from './fields.controller';
import { FieldsRepository } from './fields.repository';
import { FieldsService } from './fields.service';

@Module({
  imports: [TypeOrmModule.forFeature([FieldEntity])],
  controllers: [FieldsController],
  providers: [FieldsRepository, FieldsService],
  exports: [FieldsService],
})
export class FieldsModule {}
