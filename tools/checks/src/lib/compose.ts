import { parse } from 'yaml';
import { z } from 'zod';
import { readRepoFile } from './repo.ts';

const VARIABLE =
  /\$(?:(?<escaped>\$)|\{(?<braced>[A-Za-z_]\w*)(?:(?<operator>:?[-?+])(?<operand>(?:[^{}]|\{[^{}]*\})*))?\}|(?<bare>[A-Za-z_]\w*))/g;

/**
 * Compose's variable interpolation: `$$`, `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`,
 * `${NAME:?error}`, `${NAME?error}`, `${NAME:+other}`, `${NAME+other}`. An unset variable becomes "".
 */
export function interpolate(
  text: string,
  variables: Readonly<Record<string, string | undefined>> = {},
): string {
  return text.replace(VARIABLE, (...args: unknown[]) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    if (groups['escaped']) return '$';
    const name = groups['braced'] ?? groups['bare'] ?? '';
    const value = variables[name];
    const operator = groups['operator'];
    const operand = interpolate(groups['operand'] ?? '', variables);
    const missing = operator?.startsWith(':') ? !value : value === undefined;
    switch (operator) {
      case undefined:
        return value ?? '';
      case ':-':
      case '-':
        return missing ? operand : (value ?? '');
      case ':?':
      case '?':
        if (missing) throw new Error(`${name}: ${operand || 'is required'}`);
        return value ?? '';
      case ':+':
      case '+':
        return missing ? '' : operand;
      default:
        throw new Error(`Unknown interpolation operator ${operator} for ${name}`);
    }
  });
}

function interpolateAll(value: unknown, variables: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof value === 'string') return interpolate(value, variables);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, variables));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateAll(item, variables)]),
    );
  }
  return value;
}

const stringList = z.union([z.string(), z.array(z.string())]);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const serviceSchema = z.looseObject({
  image: z.string().optional(),
  profiles: z.array(z.string()).optional(),
  stop_grace_period: z.string().optional(),
  build: z
    .union([z.string(), z.looseObject({ context: z.string().optional(), dockerfile: z.string().optional() })])
    .optional(),
  command: stringList.optional(),
  environment: z.union([z.record(z.string(), scalar), z.array(z.string())]).optional(),
  ports: z
    .array(
      z.union([
        z.string(),
        z.number(),
        z.looseObject({ target: z.number(), published: z.union([z.string(), z.number()]).optional() }),
      ]),
    )
    .optional(),
  depends_on: z
    .union([z.array(z.string()), z.record(z.string(), z.looseObject({ condition: z.string().optional() }))])
    .optional(),
  healthcheck: z.looseObject({ test: stringList }).optional(),
  volumes: z
    .array(z.union([z.string(), z.looseObject({ source: z.string().optional(), target: z.string() })]))
    .optional(),
});

const composeFileSchema = z.looseObject({
  services: z.record(z.string(), serviceSchema),
  volumes: z.record(z.string(), z.unknown()).optional(),
});

export type ComposeFile = z.infer<typeof composeFileSchema>;
export type ComposeService = z.infer<typeof serviceSchema>;

/** Reads a compose file as `docker compose config` would see it: merge keys resolved, variables interpolated. */
export function loadCompose(
  path: string,
  variables: Readonly<Record<string, string | undefined>> = {},
): { raw: Record<string, unknown>; compose: ComposeFile } {
  const raw = z.record(z.string(), z.unknown()).parse(parse(readRepoFile(path), { merge: true }));
  return { raw, compose: composeFileSchema.parse(interpolateAll(raw, variables)) };
}

export function environmentOf(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry) => {
        const index = entry.indexOf('=');
        return index < 0 ? [entry, ''] : [entry.slice(0, index), entry.slice(index + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

/** Each port mapping as host port and container port (`[ip:]host:container[/protocol]` or the long form). */
export function portMappings(service: ComposeService): { host: string | undefined; container: string }[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') {
      return {
        host: port.published === undefined ? undefined : String(port.published),
        container: String(port.target),
      };
    }
    const parts = String(port)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const container = parts.at(-1) ?? '';
    return { host: parts.length > 1 ? parts.at(-2) : undefined, container };
  });
}

/** The condition each dependency waits for (the short list form means service_started). */
export function dependencies(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries(dependsOn).map(([name, dependency]) => [name, dependency.condition ?? 'service_started']),
  );
}

export function commandLine(command: string | string[] | undefined): string {
  return Array.isArray(command) ? command.join(' ') : (command ?? '');
}
