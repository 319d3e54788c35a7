import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';

export const kubernetesObjectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({
    name: z.string(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
});
export type KubernetesObject = z.infer<typeof kubernetesObjectSchema>;

/**
 * `kubectl kustomize <directory>`: the objects it renders, or the error it prints. kubectl (with its built-in
 * kustomize) must be installed; without it the checks fail saying so.
 */
export function kustomize(directory: string): { objects: KubernetesObject[]; error: string | undefined } {
  const result = spawnSync('kubectl', ['kustomize', directory], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error) {
    throw new Error(
      `kubectl is needed to render deploy/kubernetes (install kubectl with kustomize 5): ${result.error.message}`,
    );
  }
  if (result.status !== 0) return { objects: [], error: result.stderr || `kubectl exited ${result.status}` };
  const objects = parseAllDocuments(result.stdout).map((document) => {
    if (document.errors.length > 0) throw new Error(document.errors.map(String).join('\n'));
    return kubernetesObjectSchema.parse(document.toJS());
  });
  return { objects, error: undefined };
}
