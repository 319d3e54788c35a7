import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type ResponseObject } from '@nestjs/swagger';
import { apiErrorResponseSchema } from '@hotpath/contracts';
import type { Env } from '../../config/env.schema';
import { docsExposed, systemRoutesAdminOnly } from './edge-settings';
import { openApiSchema } from './openapi';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const ERROR_REF = { $ref: '#/components/schemas/ApiError' };
const errorResponse = (description: string): ResponseObject => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});
const RATE_LIMITED: ResponseObject = {
  ...errorResponse('Too many requests from this client in the current minute (RATE_LIMIT_PER_MINUTE)'),
  headers: {
    'Retry-After': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
    'RateLimit-Limit': { description: 'Requests allowed per minute', schema: { type: 'integer' } },
    'RateLimit-Remaining': { description: 'Requests left in the window', schema: { type: 'integer' } },
    'RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
  },
};
const EXEMPT_FROM_LIMITS = new Set(['/health', '/health/ready']);

/**
 * Every error an operation can answer is the one error shape: declared error responses get its schema,
 * and each operation also lists the answers any route can give (4XX, 429, 500, 503; 401/403 where the admin
 * token is needed), so a generated client knows the body of every non-2xx answer.
 */
function documentErrors(document: OpenAPIObject, env: Env): void {
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    ApiError: openApiSchema(apiErrorResponseSchema, 'output'),
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const responses = operation.responses;
      for (const [status, response] of Object.entries(responses)) {
        if (
          Number(status) >= 400 &&
          response !== undefined &&
          !('$ref' in response) &&
          response.content === undefined
        ) {
          response.content = { 'application/json': { schema: ERROR_REF } };
        }
      }
      const admin =
        (operation.security?.length ?? 0) > 0 || (path.startsWith('/system/') && systemRoutesAdminOnly(env));
      if (admin) {
        operation.security = [{ bearer: [] }];
        responses['401'] ??= errorResponse('No admin token (Authorization: Bearer <ADMIN_TOKEN>)');
        responses['403'] ??= errorResponse('The admin token is not valid');
      }
      if (!EXEMPT_FROM_LIMITS.has(path)) responses['429'] ??= RATE_LIMITED;
      responses['4XX'] ??= errorResponse('Any other client error (not found, bad input...)');
      responses['500'] ??= errorResponse('Internal server error (details are in the log, by request id)');
      responses['503'] ??= errorResponse('A dependency (MySQL or Redis) is not answering; retry later');
    }
  }
}

/** The OpenAPI document of every route, from the controllers' decorators and the shared contracts. */
export function buildOpenApiDocument(app: NestFastifyApplication, env: Env): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hotpath API')
      .setDescription('High-traffic write and read APIs. Errors: {statusCode, error, message, details?}.')
      .setVersion('1')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN, for admin routes' },
        'bearer',
      )
      .build(),
  );
  documentErrors(document, env);
  return document;
}

/** `/docs` (Swagger UI) and `/docs/openapi.json`, unless EXPOSE_DOCS turns them off (the default in production). */
export function setupOpenApiDocs(app: NestFastifyApplication, env: Env): void {
  if (!docsExposed(env)) return;
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, env), { jsonDocumentUrl: 'docs/openapi.json' });
}
