import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envDefault } from './lib/api-env-schema.ts';
import { apiRoutes } from './lib/api-routes.ts';
import {
  allContainers,
  type Container,
  containerPort,
  podTemplateOf,
  preStopSeconds,
} from './lib/kubernetes-pods.ts';
import {
  dataOf,
  envSchema,
  find,
  one,
  renderings,
  useRenderings,
  workloads,
} from './lib/kubernetes-rendering.ts';

useRenderings();

describe('deploy/kubernetes: pods', () => {
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

  it('runs one API process per pod: pods are the unit of scale', () => {
    for (const rendering of renderings) {
      expect(dataOf(one(rendering, 'ConfigMap', 'hotpath-config'))['API_PROCESSES']).toBe('1');
    }
  });
});
