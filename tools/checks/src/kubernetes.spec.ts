import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envDefault, loadApiEnvSchema, schemaProblems, unknownEnvNames } from './lib/api-env-schema.ts';
import { apiRoutes } from './lib/api-routes.ts';
import { parseEnvFile } from './lib/env-file.ts';
import { validateKubernetesObject } from './lib/kubernetes-models.ts';
import {
  allContainers,
  containerPort,
  podTemplateOf,
  preStopSeconds,
  type Container,
} from './lib/kubernetes-pods.ts';
import { kustomize, type KubernetesObject } from './lib/kustomize.ts';
import { readRepoFile, repoPath, repoPathExists, sourceOfBuiltFile } from './lib/repo.ts';

const KUBERNETES_DIR = 'deploy/kubernetes';
const PRODUCTION = 'overlays/production';
const SECRETS_EXAMPLE = `${KUBERNETES_DIR}/${PRODUCTION}/secrets.env.example`;

/** What an operator writes into secrets.env: the example's keys, every one filled in. */
const FILLED_SECRETS: Record<string, string> = {
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

async function queueWaitListKeys(prefix: string): Promise<string[]> {
  const load = (path: string): Promise<unknown> => import(pathToFileURL(repoPath(path)).href);
  const { keys, names } = queueModules.parse({
    keys: await load('apps/api/src/core/queue/queue-keys.ts'),
    names: await load('apps/api/src/core/queue/queue-names.ts'),
  });
  return names.ALL_QUEUES.map((queue) => keys.bullWaitListKey(prefix, queue));
}

interface Rendering {
  name: string;
  objects: KubernetesObject[];
}

function find(rendering: Rendering, kind: string, name?: string): KubernetesObject[] {
  return rendering.objects.filter(
    (object) => object.kind === kind && (name === undefined || object.metadata.name.startsWith(name)),
  );
}

function one(rendering: Rendering, kind: string, name: string): KubernetesObject {
  const found = find(rendering, kind, name);
  if (found.length !== 1)
    throw new Error(`${rendering.name}: expected one ${kind} ${name}, found ${found.length}`);
  return found[0] as KubernetesObject;
}

const workloads = (rendering: Rendering): KubernetesObject[] =>
  rendering.objects.filter((object) => ['Deployment', 'Job'].includes(object.kind));

const dataOf = (object: KubernetesObject): Record<string, string> =>
  z.object({ data: z.record(z.string(), z.string()).default({}) }).parse(object).data;

/** The variables a container sees: its ConfigMaps (envFrom) and its env entries (secret values stubbed). */
function containerEnvironment(rendering: Rendering, container: Container): Record<string, string> {
  const fromConfigMaps = (container.envFrom ?? []).flatMap((source) =>
    source.configMapRef ? Object.entries(dataOf(one(rendering, 'ConfigMap', source.configMapRef.name))) : [],
  );
  const fromEnv = (container.env ?? []).map((entry) => {
    const key = entry.valueFrom?.secretKeyRef?.key;
    return [entry.name, entry.value ?? (key === undefined ? '' : (FILLED_SECRETS[key] ?? ''))] as const;
  });
  return Object.fromEntries([...fromConfigMaps, ...fromEnv]);
}

const scaledObjectSchema = z.object({
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

let work: string;
let base: Rendering;
let production: Rendering;
let envSchema: z.ZodObject;
let renderings: Rendering[];

beforeAll(async () => {
  envSchema = await loadApiEnvSchema();
  work = mkdtempSync(join(tmpdir(), 'hotpath-kubernetes-'));
  // A copy, so that a secrets.env an operator keeps in the checkout is neither read nor touched.
  cpSync(repoPath(KUBERNETES_DIR), join(work, 'kubernetes'), { recursive: true });
  rmSync(join(work, 'kubernetes', PRODUCTION, 'secrets.env'), { force: true });
  const rendered = kustomize(join(work, 'kubernetes'));
  base = { name: 'base', objects: rendered.objects };
  if (rendered.error !== undefined) throw new Error(`kubectl kustomize ${KUBERNETES_DIR}: ${rendered.error}`);
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

  it('probes the API on routes its controllers serve, and the worker on its metrics port', () => {
    const routes = apiRoutes();
    expect(routes).toEqual(expect.arrayContaining(['GET /health', 'GET /health/ready']));
    for (const rendering of renderings) {
      const config = dataOf(one(rendering, 'ConfigMap', 'hotpath-config'));
      const api = podTemplateOf(one(rendering, 'Deployment', 'hotpath-api')).spec.containers[0] as Container;
      expect(api.readinessProbe?.httpGet?.path).toBe('/health/ready');
      expect(api.livenessProbe?.httpGet?.path).toBe('/health');
      expect(api.startupProbe?.httpGet).toBeDefined();
      for (const probe of [api.startupProbe, api.livenessProbe, api.readinessProbe]) {
        expect(routes).toContain(`GET ${probe?.httpGet?.path ?? ''}`);
        expect(containerPort(api, probe?.httpGet?.port)).toBe(Number(config['PORT']));
      }
      expect(containerPort(api, 'metrics')).toBe(Number(config['METRICS_PORT']));
      const worker = podTemplateOf(one(rendering, 'Deployment', 'hotpath-worker')).spec
        .containers[0] as Container;
      for (const probe of [worker.startupProbe, worker.livenessProbe]) {
        expect(probe?.httpGet?.path).toBe('/metrics');
        expect(containerPort(worker, probe?.httpGet?.port)).toBe(Number(config['WORKER_METRICS_PORT']));
      }
    }
  });

  it('drains before SIGTERM and gives the shutdown more time than SHUTDOWN_TIMEOUT_MS', () => {
    // The API's pause between readiness 503 and closing, when the config has one.
    const drainMs = Number(envDefault(envSchema, 'SHUTDOWN_DRAIN_DELAY_MS') ?? 0);
    for (const rendering of renderings) {
      const shutdownMs = Number(dataOf(one(rendering, 'ConfigMap', 'hotpath-config'))['SHUTDOWN_TIMEOUT_MS']);
      expect(shutdownMs).toBeGreaterThan(0);
      for (const object of find(rendering, 'Deployment')) {
        const { spec } = podTemplateOf(object);
        const preStop = Math.max(...spec.containers.map(preStopSeconds));
        const graceMs = (spec.terminationGracePeriodSeconds ?? 30) * 1000;
        expect(graceMs, object.metadata.name).toBeGreaterThan(shutdownMs + preStop * 1000 + drainMs);
      }
      const api = podTemplateOf(one(rendering, 'Deployment', 'hotpath-api')).spec.containers[0] as Container;
      expect(preStopSeconds(api)).toBeGreaterThanOrEqual(5);
    }
  });

  it('runs every container non-root, read-only, without privileges, under RuntimeDefault seccomp, sized', () => {
    for (const rendering of renderings) {
      for (const object of workloads(rendering)) {
        const { spec } = podTemplateOf(object);
        expect(spec.securityContext?.runAsUser, object.metadata.name).toBeGreaterThan(0);
        for (const container of allContainers(spec)) {
          const label = `${rendering.name} ${object.metadata.name}/${container.name}`;
          const context = container.securityContext;
          expect(context, label).toBeDefined();
          expect(context?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot, label).toBe(true);
          expect(context?.allowPrivilegeEscalation, label).toBe(false);
          expect(context?.readOnlyRootFilesystem, label).toBe(true);
          expect(context?.privileged ?? false, label).toBe(false);
          expect(context?.capabilities?.drop, label).toEqual(['ALL']);
          expect(context?.capabilities?.add ?? [], label).toEqual([]);
          expect((context?.seccompProfile ?? spec.securityContext?.seccompProfile)?.type, label).toBe(
            'RuntimeDefault',
          );
          expect(Object.keys(container.resources?.requests ?? {}).sort(), label).toEqual(['cpu', 'memory']);
          expect(Object.keys(container.resources?.limits ?? {}).sort(), label).toEqual(['cpu', 'memory']);
          // A read-only root still needs a writable /tmp.
          const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
          expect(spec.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir, label).toBeDefined();
        }
      }
    }
  });

  it('spreads API and worker pods over zones and nodes, and limits voluntary disruptions', () => {
    for (const rendering of renderings) {
      for (const name of ['hotpath-api', 'hotpath-worker']) {
        const template = podTemplateOf(one(rendering, 'Deployment', name));
        const constraints = template.spec.topologySpreadConstraints ?? [];
        expect(constraints.map((constraint) => constraint.topologyKey).sort()).toEqual([
          'kubernetes.io/hostname',
          'topology.kubernetes.io/zone',
        ]);
        for (const constraint of constraints)
          expect(template.metadata.labels).toMatchObject(constraint.labelSelector.matchLabels);
        const budget = z
          .object({
            spec: z.object({ selector: z.object({ matchLabels: z.record(z.string(), z.string()) }) }),
          })
          .parse(one(rendering, 'PodDisruptionBudget', name));
        expect(template.metadata.labels, `${name} PDB`).toMatchObject(budget.spec.selector.matchLabels);
      }
    }
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

  it('runs one API process per pod: pods are the unit of scale', () => {
    for (const rendering of renderings) {
      expect(dataOf(one(rendering, 'ConfigMap', 'hotpath-config'))['API_PROCESSES']).toBe('1');
    }
  });
});
