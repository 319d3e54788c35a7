import * as keda from '@kubernetes-models/keda/keda.sh/v1alpha1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as batch from 'kubernetes-models/batch/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as core from 'kubernetes-models/v1';
import type { KubernetesObject } from './kustomize.ts';

interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: never): { validate(): void };
}

function isModelClass(value: unknown): value is ModelClass {
  return (
    typeof value === 'function' &&
    typeof (value as Partial<ModelClass>).apiVersion === 'string' &&
    typeof (value as Partial<ModelClass>).kind === 'string'
  );
}

/** Model classes of kubernetes-models and @kubernetes-models/keda by `apiVersion/kind`. */
const MODELS = new Map(
  [core, apps, batch, autoscaling, networking, policy, keda]
    .flatMap((module): unknown[] => Object.values(module))
    .filter(isModelClass)
    .map((model) => [`${model.apiVersion}/${model.kind}`, model]),
);

/**
 * Validates one object against the JSON schema of its kind (kubernetes-models' `.validate()`), throwing on a
 * kind it does not know.
 */
export function validateKubernetesObject(object: KubernetesObject): void {
  const Model = MODELS.get(`${object.apiVersion}/${object.kind}`);
  if (!Model) throw new Error(`no kubernetes-models class for ${object.apiVersion} ${object.kind}`);
  new Model(unwrapSecretData(object) as never).validate();
}

/**
 * kustomize wraps long base64 Secret values over several lines; the API server's decoder skips the line
 * breaks, the models' `byte` format does not, so they are joined before validation.
 */
function unwrapSecretData(object: KubernetesObject): KubernetesObject {
  const data: unknown = object['data'];
  if (object.kind !== 'Secret' || data === null || typeof data !== 'object') return object;
  const joined = Object.entries(data).map(([key, value]: [string, unknown]) => [
    key,
    typeof value === 'string' ? value.replace(/\s+/g, '') : value,
  ]);
  return { ...object, data: Object.fromEntries(joined) };
}
