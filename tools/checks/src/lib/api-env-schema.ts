import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { repoPath } from './repo.ts';

/**
 * The API's environment schema, imported from its TypeScript source so these checks always see the
 * current variables (the path is computed: a tool may not import an app statically).
 */
export async function loadApiEnvSchema(): Promise<z.ZodObject> {
  const module: unknown = await import(pathToFileURL(repoPath('apps/api/src/config/env.schema.ts')).href);
  return z.object({ envSchema: z.instanceof(z.ZodObject) }).parse(module).envSchema;
}

/** "KEY: message" for every problem a set of variables has against the schema. */
export function schemaProblems(schema: z.ZodObject, variables: Record<string, string>): string[] {
  const parsed = schema.safeParse(variables);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/** The names of `variables` the config schema does not know. */
export function unknownEnvNames(schema: z.ZodObject, variables: Iterable<string>): string[] {
  return [...variables].filter((name) => !(name in schema.shape));
}

/** The schema's default for one variable (undefined when it has none or does not exist yet). */
export function envDefault(schema: z.ZodObject, name: string): unknown {
  const shape: Record<string, z.ZodType> = schema.shape;
  const field = shape[name];
  if (field === undefined) return undefined;
  const parsed = field.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}
