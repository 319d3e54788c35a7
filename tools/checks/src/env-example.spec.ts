import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { loadApiEnvSchema, schemaProblems } from './lib/api-env-schema.ts';
import { parseEnvFile } from './lib/env-file.ts';
import { readRepoFile } from './lib/repo.ts';

describe('.env.example', () => {
  const entries = parseEnvFile(readRepoFile('.env.example'));
  let envSchema: z.ZodObject;
  beforeAll(async () => {
    envSchema = await loadApiEnvSchema();
  });

  it('documents every variable of apps/api/src/config/env.schema.ts under a comment', () => {
    const documented = new Map(entries.map((entry) => [entry.key, entry]));
    for (const key of Object.keys(envSchema.shape)) {
      expect(documented.has(key), `${key} is in .env.example`).toBe(true);
      expect(documented.get(key)?.documented, `${key} has a comment above it`).toBe(true);
    }
  });

  it('sets each variable once', () => {
    const keys = entries.map((entry) => entry.key);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it('is a configuration the API accepts as it is', () => {
    const variables = Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
    expect(schemaProblems(envSchema, variables)).toEqual([]);
  });
});
