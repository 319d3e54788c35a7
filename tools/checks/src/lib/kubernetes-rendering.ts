import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { loadApiEnvSchema } from './api-env-schema.ts';
import { parseEnvFile } from './env-file.ts';
import type { Container } from './kubernetes-pods.ts';
import { kustomize, type KubernetesObject } from './kustomize.ts';
import { readRepoFile, repoPath } from './repo.ts';

export const KUBERNETES_DIR = 'deploy/kubernetes';
export const PRODUCTION = 'overlays/production';
export const SECRETS_EXAMPLE = `${KUBERNETES_DIR}/${PRODUCTION}/secrets.env.example`;

/** What an operator writes into secrets.env: the example's keys, every one filled in. */
export const FILLED_SECRETS: Record<string, string> = {
  ADMIN_TOKEN: 'a-long-random-admin-token-for-checks',
  DATABASE_URL: 'mysql://hotpath_app:app-pass@mysql.data.svc:3306/hotpath',
  MIGRATION_DATABASE_URL: 'mysql://hotpath_migrate:mig-pass@mysql.data.svc:3306/hotpath',
  REDIS_URL: 'redis://:redis-pass@redis.data.svc:6379',
  REDIS_PASSWORD: 'redis-pass',
};

const queueModules = z.object({
  keys: z.object({
    bullWaitListKey: z.custom<(prefix: string, queue: string) => string>(
      (value) => typeof value === 'function',
    ),
  }),
  names: z.object({ ALL_QUEUES: z.array(z.string()) }),
});

export async function queueWaitListKeys(prefix: string): Promise<string[]> {
  const load = (path: string): Promise<unknown> => import(pathToFileURL(repoPath(path)).href);
  const { keys, names } = queueModules.parse({
    keys: await load('apps/api/src/core/queue/queue-keys.ts'),
    names: await load('apps/api/src/core/queue/queue-names.ts'),
  });
  return names.ALL_QUEUES.map((queue) => keys.bullWaitListKey(prefix, queue));
}

export interface Rendering {
  name: string;
  objects: KubernetesObject[];
}

export function find(rendering: Rendering, kind: string, name?: string): KubernetesObject[] {
  return rendering.objects.filter(
    (object) => object.kind === kind && (name === undefined || object.metadata.name.startsWith(name)),
  );
}

export function one(rendering: Rendering, kind: string, name: string): KubernetesObject {
  const found = find(rendering, kind, name);
  if (found.length !== 1)
    throw new Error(`${rendering.name}: expected one ${kind} ${name}, found ${found.length}`);
  return found[0] as KubernetesObject;
}

export const workloads = (rendering: Rendering): KubernetesObject[] =>
  rendering.objects.filter((object) => ['Deployment', 'Job'].includes(object.kind));

export const dataOf = (object: KubernetesObject): Record<string, string> =>
  z.object({ data: z.record(z.string(), z.string()).default({}) }).parse(object).data;

/** The variables a container sees: its ConfigMaps (envFrom) and its env entries (secret values stubbed). */
export function containerEnvironment(rendering: Rendering, container: Container): Record<string, string> {
  const fromConfigMaps = (container.envFrom ?? []).flatMap((source) =>
    source.configMapRef ? Object.entries(dataOf(one(rendering, 'ConfigMap', source.configMapRef.name))) : [],
  );
  const fromEnv = (container.env ?? []).map((entry) => {
    const key = entry.valueFrom?.secretKeyRef?.key;
    return [entry.name, entry.value ?? (key === undefined ? '' : (FILLED_SECRETS[key] ?? ''))] as const;
  });
  return Object.fromEntries([...fromConfigMaps, ...fromEnv]);
}

export const scaledObjectSchema = z.object({
  spec: z.object({
    scaleTargetRef: z.object({ name: z.string() }),
    minReplicaCount: z.number(),
    triggers: z.array(
      z.object({
        type: z.string(),
        metadata: z.record(z.string(), z.string()),
        authenticationRef: z.object({ name: z.string() }),
      }),
    ),
  }),
});

/** The renderings of the running spec file (live bindings, set by `useRenderings`). */
export let base: Rendering;
export let production: Rendering;
export let envSchema: z.ZodObject;
export let renderings: Rendering[];

/** Renders the base and the production overlay (secrets.env filled from the example) once per spec file. */
export function useRenderings(): void {
  let work: string | undefined;
  beforeAll(async () => {
    envSchema = await loadApiEnvSchema();
    work = mkdtempSync(join(tmpdir(), 'hotpath-kubernetes-'));
    // A copy, so that a secrets.env an operator keeps in the checkout is neither read nor touched.
    cpSync(repoPath(KUBERNETES_DIR), join(work, 'kubernetes'), { recursive: true });
    rmSync(join(work, 'kubernetes', PRODUCTION, 'secrets.env'), { force: true });
    const rendered = kustomize(join(work, 'kubernetes'));
    base = { name: 'base', objects: rendered.objects };
    if (rendered.error !== undefined)
      throw new Error(`kubectl kustomize ${KUBERNETES_DIR}: ${rendered.error}`);
    const keys = parseEnvFile(readRepoFile(SECRETS_EXAMPLE)).map((entry) => entry.key);
    writeFileSync(
      join(work, 'kubernetes', PRODUCTION, 'secrets.env'),
      keys.map((key) => `${key}=${FILLED_SECRETS[key] ?? ''}\n`).join(''),
    );
    const overlay = kustomize(join(work, 'kubernetes', PRODUCTION));
    if (overlay.error !== undefined) throw new Error(`kubectl kustomize ${PRODUCTION}: ${overlay.error}`);
    production = { name: 'production', objects: overlay.objects };
    renderings = [base, production];
  }, 60_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });
}
