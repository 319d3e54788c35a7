import { z } from 'zod';
import type { KubernetesObject } from './kustomize.ts';

const probeSchema = z.looseObject({
  httpGet: z.looseObject({ path: z.string(), port: z.union([z.string(), z.number()]) }).optional(),
  tcpSocket: z.looseObject({ port: z.union([z.string(), z.number()]) }).optional(),
  exec: z.looseObject({ command: z.array(z.string()) }).optional(),
});

const securityContextSchema = z.looseObject({
  runAsNonRoot: z.boolean().optional(),
  runAsUser: z.number().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  privileged: z.boolean().optional(),
  capabilities: z
    .looseObject({ drop: z.array(z.string()).optional(), add: z.array(z.string()).optional() })
    .optional(),
  seccompProfile: z.looseObject({ type: z.string() }).optional(),
});

export const containerSchema = z.looseObject({
  name: z.string(),
  image: z.string(),
  command: z.array(z.string()).optional(),
  ports: z.array(z.looseObject({ name: z.string().optional(), containerPort: z.number() })).optional(),
  env: z
    .array(
      z.looseObject({
        name: z.string(),
        value: z.string().optional(),
        valueFrom: z
          .looseObject({ secretKeyRef: z.looseObject({ name: z.string(), key: z.string() }).optional() })
          .optional(),
      }),
    )
    .optional(),
  envFrom: z
    .array(
      z.looseObject({
        configMapRef: z.looseObject({ name: z.string() }).optional(),
        secretRef: z.looseObject({ name: z.string() }).optional(),
      }),
    )
    .optional(),
  startupProbe: probeSchema.optional(),
  livenessProbe: probeSchema.optional(),
  readinessProbe: probeSchema.optional(),
  lifecycle: z
    .looseObject({
      preStop: z
        .looseObject({
          exec: z.looseObject({ command: z.array(z.string()) }).optional(),
          sleep: z.looseObject({ seconds: z.number() }).optional(),
        })
        .optional(),
    })
    .optional(),
  resources: z
    .looseObject({
      requests: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      limits: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    })
    .optional(),
  securityContext: securityContextSchema.optional(),
  volumeMounts: z.array(z.looseObject({ name: z.string(), mountPath: z.string() })).optional(),
});
export type Container = z.infer<typeof containerSchema>;

export const podSpecSchema = z.looseObject({
  containers: z.array(containerSchema).min(1),
  initContainers: z.array(containerSchema).optional(),
  securityContext: securityContextSchema.optional(),
  terminationGracePeriodSeconds: z.number().optional(),
  topologySpreadConstraints: z
    .array(
      z.looseObject({
        topologyKey: z.string(),
        labelSelector: z.looseObject({ matchLabels: z.record(z.string(), z.string()) }),
      }),
    )
    .optional(),
  volumes: z.array(z.looseObject({ name: z.string(), emptyDir: z.looseObject({}).optional() })).optional(),
});
export type PodSpec = z.infer<typeof podSpecSchema>;

const podTemplateSchema = z.looseObject({
  metadata: z.looseObject({ labels: z.record(z.string(), z.string()) }),
  spec: podSpecSchema,
});

const workloadSchema = z.looseObject({
  spec: z.looseObject({ replicas: z.number().optional(), template: podTemplateSchema }),
});

/** The pod template of a Deployment or Job. */
export function podTemplateOf(object: KubernetesObject): z.infer<typeof podTemplateSchema> {
  return workloadSchema.parse(object).spec.template;
}

/** Every container of a pod spec, init containers included. */
export function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

/** The seconds a preStop hook pauses for (`sleep N` as exec, or the native sleep action); 0 without one. */
export function preStopSeconds(container: Container): number {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep) return preStop.sleep.seconds;
  const command = preStop?.exec?.command ?? [];
  return command[0] === 'sleep' ? Number(command[1]) : 0;
}

/** A probe's or Service's port, named or numbered, as the container's port number. */
export function containerPort(container: Container, port: string | number | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((entry) => entry.name === port)?.containerPort;
}
