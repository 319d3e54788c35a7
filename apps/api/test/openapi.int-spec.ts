import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  deliverabilitySummaryResponseSchema,
  envelopeOf,
  livenessResponseSchema,
  pageOf,
  pollResponseSchema,
  subscriberResponseSchema,
  systemStatusResponseSchema,
} from '@hotpath/contracts';
import { compileErrors, validate } from '@readme/openapi-parser';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { resetState, startApi } from './support/test-app';
import { ADMIN } from './support/test-env';

let api: NestFastifyApplication;
let document: OpenAPIV3.Document;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

function operations(): Array<{ name: string; operation: OpenAPIV3.OperationObject }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item?.[method];
      return operation === undefined ? [] : [{ name: `${method.toUpperCase()} ${path}`, operation }];
    }),
  );
}

beforeAll(async () => {
  api = await startApi();
  await resetState(api, ['subscribers', 'subscriber_status_counts']);
  const response = await api.inject({ method: 'GET', url: '/docs/openapi.json' });
  expect(response.statusCode).toBe(200);
  document = response.json<OpenAPIV3.Document>();
});

afterAll(async () => {
  await api.close();
});

describe('the OpenAPI document at /docs/openapi.json', () => {
  it('is a valid OpenAPI 3 document', async () => {
    // The parser dereferences in place: give it a copy.
    const result = await validate(structuredClone(document) as unknown as Parameters<typeof validate>[0]);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(operations().length).toBeGreaterThanOrEqual(25);
  });

  it('documents a 2xx answer of every operation, with a body schema unless it is 204', () => {
    const missing: string[] = [];
    for (const { name, operation } of operations()) {
      const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) missing.push(`${name}: no 2xx`);
      for (const [status, response] of success) {
        if (status === '204') continue;
        const content = (response as OpenAPIV3.ResponseObject).content ?? {};
        const schemas = Object.values(content).map((media) => media.schema);
        const described = schemas.some(
          (schema) =>
            schema !== undefined &&
            ('$ref' in schema || schema.type !== undefined || schema.properties !== undefined),
        );
        if (!described) missing.push(`${name}: ${status} has no body schema`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents every error answer with the one error shape', () => {
    const apiError = document.components?.schemas?.['ApiError'] as OpenAPIV3.SchemaObject;
    expect(apiError.required?.sort()).toEqual(['error', 'message', 'statusCode']);
    const wrong: string[] = [];
    for (const { name, operation } of operations()) {
      const errors = Object.entries(operation.responses).filter(([status]) => /^[45]/.test(status));
      if (!errors.some(([status]) => status === '4XX') || !errors.some(([status]) => status === '500')) {
        wrong.push(`${name}: lacks the generic 4XX/500 answers`);
      }
      for (const [status, response] of errors) {
        const schema = (response as OpenAPIV3.ResponseObject).content?.['application/json']?.schema;
        if (schema === undefined || !('$ref' in schema) || schema.$ref !== '#/components/schemas/ApiError') {
          wrong.push(`${name}: ${status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('marks the admin operations with the bearer scheme and their 401/403', () => {
    const admin = operations().filter(({ operation }) => (operation.security?.length ?? 0) > 0);
    expect(admin.map(({ name }) => name)).toEqual(
      expect.arrayContaining([
        'POST /polls',
        'POST /fields',
        'PATCH /subscribers/{email}',
        'DELETE /subscribers/{email}',
      ]),
    );
    for (const { name, operation } of admin) {
      expect(Object.keys(operation.responses), name).toEqual(expect.arrayContaining(['401', '403']));
    }
  });
});

describe('the documented 2xx schemas match what the API answers', () => {
  const check = async (url: string, schema: z.ZodType, headers: Record<string, string> = {}) => {
    const response = await api.inject({ method: 'GET', url, headers });
    expect(response.statusCode, url).toBe(200);
    const parsed = schema.safeParse(response.json());
    expect(parsed.success, `${url}: ${parsed.error?.message ?? ''}`).toBe(true);
  };

  it('for subscribers, polls, deliverability, health and status', async () => {
    const created = await api.inject({
      method: 'POST',
      url: '/subscribers',
      payload: { email: 'openapi@example.com', name: 'Ada', lastName: 'Lovelace' },
    });
    expect(created.statusCode).toBe(201);
    expect(envelopeOf(subscriberResponseSchema).safeParse(created.json()).success).toBe(true);
    await check('/subscribers/openapi@example.com', envelopeOf(subscriberResponseSchema));
    await check('/subscribers', pageOf(subscriberResponseSchema));
    await check('/polls', pageOf(pollResponseSchema));
    await check('/deliverability/summary', envelopeOf(deliverabilitySummaryResponseSchema));
    await check('/health', livenessResponseSchema);
    await check('/system/status', systemStatusResponseSchema, ADMIN);
  });
});
