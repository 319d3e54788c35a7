import { Body, Controller, Get, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createFieldSchema,
  type Envelope,
  envelopeOf,
  type Field,
  fieldResponseSchema,
} from '@hotpath/contracts';
import { z } from 'zod';
import { AdminGuard } from '../../core/auth/admin.guard';
import { ZodValidationPipe } from '../../core/errors/zod-validation.pipe';
import { ApiAnswer, openApiSchema } from '../../core/http/openapi';
import { FieldsService } from './fields.service';

@ApiTags('fields')
@Controller('fields')
export class FieldsController {
  constructor(private readonly fields: FieldsService) {}

  @Get()
  @ApiAnswer(HttpStatus.OK, envelopeOf(z.array(fieldResponseSchema)))
  @ApiOperation({ summary: 'List the custom fields every subscriber can hold' })
  async list(): Promise<Envelope<Field[]>> {
    return { data: await this.fields.list() };
  }

  @Post()
  @ApiAnswer(HttpStatus.CREATED, envelopeOf(fieldResponseSchema), 'The field as stored')
  @UseGuards(AdminGuard)
  @ApiBearerAuth()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a custom field (admin); its key is derived from the title' })
  @ApiBody({ schema: openApiSchema(createFieldSchema) })
  async create(
    @Body(new ZodValidationPipe(createFieldSchema)) body: z.output<typeof createFieldSchema>,
  ): Promise<Envelope<Field>> {
    return { data: await this.fields.create(body) };
  }
}
