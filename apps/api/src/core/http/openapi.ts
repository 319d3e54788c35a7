import { z } from 'zod';
import { ApiResponse } from '@nestjs/swagger';

/** The OpenAPI form of a contract schema, so the docs are generated from the same definition the API validates with. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
  });
  return rest;
}

/** Documents a 2xx answer with the contract's response schema, so generated clients get typed bodies. */
export const ApiAnswer = (status: number, schema: z.ZodType, description = 'Success'): MethodDecorator =>
  ApiResponse({ status, description, schema: openApiSchema(schema, 'output') });
