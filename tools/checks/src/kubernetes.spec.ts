import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envDefault, schemaProblems, unknownEnvNames } from './lib/api-env-schema.ts';
import { parseEnvFile } from './lib/env-file.ts';
import { validateKubernetesObject } from './lib/kubernetes-models.ts';
import { allContainers, type Container, containerPort, podTemplateOf } from './lib/kubernetes-pods.ts';
import { type KubernetesObject, kustomize } from './lib/kustomize.ts';
import { readRepoFile, repoPath, repoPathExists, sourceOfBuiltFile } from './lib/repo.ts';
import {
  base,
  containerEnvironment,
  dataOf,
  envSchema,
  find,
  KUBERNETES_DIR,
  one,
  production,
  PRODUCTION,
  queueWaitListKeys,
  type Rendering,
  renderings,
  scaledObjectSchema,
  SECRETS_EXAMPLE,
  useRenderings,
  workloads,
} from './lib/kubernetes-rendering.ts';

useRenderings();

describe('deploy/kubernetes', () => {
  it('renders the base and the production overlay into valid objects (kubernetes-models, KEDA models)', () => {
    for (const rendering of renderings) {
      expect(rendering.objects.length, rendering.name).toBeGreaterThan(10);
      for (const object of rendering.objects) {
        expect(
          () => validateKubernetesObject(object),
          `${rendering.name} ${object.kind} ${object.metadata.name}`,
        ).not.toThrow();
      }
    }
    const kinds = (rendering: Rendering): string[] =>
      [...new Set(rendering.objects.map((object) => object.kind))].sort();
    expect(kinds(base)).toEqual(
      [
        'ConfigMap',
        'Deployment',
        'HorizontalPodAutoscaler',
        'Ingress',
        'Job',
        'PodDisruptionBudget',
        'ScaledObject',
        'Service',
        'TriggerAuthentication',
      ].sort(),
    );
    expect(kinds(production)).toEqual([...kinds(base), 'Namespace', 'Secret'].sort());
  });

  it('catches an object its schema rejects', () => {
    const api = one(base, 'Deployment', 'hotpath-api');
    const broken = structuredClone(api) as KubernetesObject & {
      spec: { template: { spec: { containers: unknown } } };
    };
    broken.spec.template.spec.containers = [{ image: 'no-name' }];
    expect(() => validateKubernetesObject(broken)).toThrow();
  });

  it('ships no Secret and no admin token: the overlay renders only once the operator writes secrets.env', () => {
    expect(find(base, 'Secret')).toEqual([]);
    for (const configMap of find(base, 'ConfigMap'))
      expect(Object.keys(dataOf(configMap))).not.toContain('ADMIN_TOKEN');
    const withoutSecrets = mkdtempSync(join(tmpdir(), 'hotpath-kubernetes-'));
    try {
      cpSync(repoPath(KUBERNETES_DIR), withoutSecrets, { recursive: true });
      rmSync(join(withoutSecrets, PRODUCTION, 'secrets.env'), { force: true });
      expect(kustomize(join(withoutSecrets, PRODUCTION)).error).toMatch(/secrets\.env/);
    } finally {
      rmSync(withoutSecrets, { recursive: true, force: true });
    }
    const example = parseEnvFile(readRepoFile(SECRETS_EXAMPLE));
    expect(example.find((entry) => entry.key === 'ADMIN_TOKEN')?.value).toBe('');
    expect(readRepoFile(`${KUBERNETES_DIR}/${PRODUCTION}/.gitignore`).split('\n')).toContain('secrets.env');
  });

  it('reads every Secret key the pods and KEDA use from the generated Secret', () => {
    const secret = one(production, 'Secret', 'hotpath-secrets');
    const keys = Object.keys(dataOf(secret));
    const used = workloads(production).flatMap((object) =>
      allContainers(podTemplateOf(object).spec).flatMap((container) =>
        (container.env ?? []).flatMap((entry) =>
          entry.valueFrom?.secretKeyRef ? [entry.valueFrom.secretKeyRef] : [],
        ),
      ),
    );
    const auth = z
      .object({
        spec: z.object({ secretTargetRef: z.array(z.object({ name: z.string(), key: z.string() })) }),
      })
      .parse(one(production, 'TriggerAuthentication', 'hotpath-redis')).spec.secretTargetRef;
    for (const reference of [...used, ...auth]) {
      expect(reference.name, reference.key).toBe(secret.metadata.name);
      expect(keys, reference.key).toContain(reference.key);
    }
  });

  it('sets only variables the API config schema knows, with values it accepts', () => {
    for (const rendering of renderings) {
      for (const object of workloads(rendering)) {
        for (const container of allContainers(podTemplateOf(object).spec)) {
          const environment = containerEnvironment(rendering, container);
          const label = `${rendering.name} ${object.metadata.name}/${container.name}`;
          expect(unknownEnvNames(envSchema, Object.keys(environment)), label).toEqual([]);
          expect(schemaProblems(envSchema, environment), label).toEqual([]);
        }
      }
    }
  });

  it('runs the API, the worker and the migration from one image with entry points the source builds', () => {
    for (const rendering of renderings) {
      const commands = Object.fromEntries(
        workloads(rendering).flatMap((object) =>
          podTemplateOf(object).spec.containers.map((container) => [container.name, container]),
        ),
      );
      expect(Object.keys(commands).sort()).toEqual(['api', 'migrate', 'worker']);
      expect(commands['api']?.command).toEqual(['node', 'apps/api/dist/main.js']);
      expect(commands['worker']?.command).toEqual(['node', 'apps/api/dist/worker.js']);
      expect(commands['migrate']?.command).toEqual(['node', 'apps/api/dist/cli/migrate.js']);
      const images = new Set(Object.values(commands).map((container) => container.image));
      expect(images.size, rendering.name).toBe(1);
      for (const container of Object.values(commands)) {
        expect(repoPathExists(sourceOfBuiltFile(container.command?.[1] ?? '')), container.name).toBe(true);
      }
    }
    expect(one(production, 'Deployment', 'hotpath-api')).toMatchObject({
      spec: { template: { spec: { containers: [{ image: 'registry.example.com/hotpath/api:0.1.0' }] } } },
    });
  });

  it('routes the Ingress to the API Service, which selects the API pods', () => {
    for (const rendering of renderings) {
      const service = z
        .object({
          spec: z.object({
            selector: z.record(z.string(), z.string()),
            ports: z.array(z.object({ name: z.string(), targetPort: z.string() })),
          }),
        })
        .parse(one(rendering, 'Service', 'hotpath-api'));
      const template = podTemplateOf(one(rendering, 'Deployment', 'hotpath-api'));
      expect(template.metadata.labels).toMatchObject(service.spec.selector);
      for (const port of service.spec.ports) {
        expect(
          containerPort(template.spec.containers[0] as Container, port.targetPort),
          port.name,
        ).toBeDefined();
      }
      const backend = z
        .object({
          spec: z.object({
            rules: z.array(
              z.object({
                http: z.object({
                  paths: z.array(
                    z.object({
                      backend: z.object({
                        service: z.object({ name: z.string(), port: z.object({ name: z.string() }) }),
                      }),
                    }),
                  ),
                }),
              }),
            ),
          }),
        })
        .parse(one(rendering, 'Ingress', 'hotpath-api')).spec.rules[0]?.http.paths[0]?.backend.service;
      expect(backend?.name).toBe('hotpath-api');
      expect(service.spec.ports.map((port) => port.name)).toContain(backend?.port.name);
    }
  });

  it('scales the API on CPU (HPA) and the worker on the real Bull wait-list keys (KEDA)', async () => {
    for (const rendering of renderings) {
      expect(one(rendering, 'HorizontalPodAutoscaler', 'hotpath-api')).toMatchObject({
        apiVersion: 'autoscaling/v2',
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'hotpath-api' },
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }],
        },
      });
      // The autoscalers own the replica counts.
      for (const deployment of find(rendering, 'Deployment'))
        expect(deployment).not.toHaveProperty('spec.replicas');

      const prefix = dataOf(one(rendering, 'ConfigMap', 'hotpath-config'))['REDIS_KEY_PREFIX'] ?? '';
      expect(prefix).toBe(envDefault(envSchema, 'REDIS_KEY_PREFIX'));
      const scaled = scaledObjectSchema.parse(one(rendering, 'ScaledObject', 'hotpath-worker')).spec;
      expect(scaled.scaleTargetRef.name).toBe('hotpath-worker');
      expect(scaled.minReplicaCount).toBeGreaterThanOrEqual(1);
      const listNames = scaled.triggers.map((trigger) => trigger.metadata['listName']);
      expect(listNames.sort()).toEqual((await queueWaitListKeys(prefix)).sort());
      for (const trigger of scaled.triggers) {
        expect(trigger.type).toBe('redis');
        expect(Number(trigger.metadata['listLength'])).toBeGreaterThan(0);
        expect(trigger.metadata['address']).toMatch(/^[\w.-]+:\d+$/);
        expect(trigger.authenticationRef.name).toBe('hotpath-redis');
      }
    }
    const productionAddresses = scaledObjectSchema
      .parse(one(production, 'ScaledObject', 'hotpath-worker'))
      .spec.triggers.map((trigger) => trigger.metadata['address']);
    expect(new Set(productionAddresses)).toEqual(
      new Set(['redis-master.hotpath-data.svc.cluster.local:6379']),
    );
  });

  it('migrates once per image with the schema account, and can be applied before the rollout by label', () => {
    for (const [rendering, tag] of [
      [base, 'latest'],
      [production, '0.1.0'],
    ] as const) {
      const job = one(rendering, 'Job', 'hotpath-migrate');
      expect(job.metadata.name).toBe(`hotpath-migrate-${tag}`);
      const image = podTemplateOf(one(rendering, 'Deployment', 'hotpath-api')).spec.containers[0]?.image;
      expect(image?.endsWith(`:${tag}`)).toBe(true);
      const migrate = podTemplateOf(job).spec.containers[0] as Container;
      expect(migrate.env?.find((entry) => entry.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef?.key).toBe(
        'MIGRATION_DATABASE_URL',
      );
      const deployments = find(rendering, 'Deployment').map(
        (deployment) => podTemplateOf(deployment).spec.containers[0],
      );
      for (const container of deployments) {
        expect(
          container?.env?.find((entry) => entry.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef?.key,
        ).toBe('DATABASE_URL');
      }
      // `kubectl apply -l 'app.kubernetes.io/component in (config,migrate)'` picks the Job and what it reads.
      const early = rendering.objects
        .filter((object) =>
          ['config', 'migrate'].includes(object.metadata.labels?.['app.kubernetes.io/component'] ?? ''),
        )
        .map((object) => object.kind)
        .sort();
      expect(early).toEqual(rendering === base ? ['ConfigMap', 'Job'] : ['ConfigMap', 'Job', 'Secret']);
    }
  });
});
