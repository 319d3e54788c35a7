import type { LocationQuery } from 'vue-router';
import { useRoute, useRouter } from 'vue-router';

export type QueryPatch = Record<string, string | number | null | undefined>;

/** The first non-empty string of a query value, if any. */
export function queryValue(query: LocationQuery, name: string): string | undefined {
  const raw = query[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

/** `patch` applied to `query`: null, undefined and '' remove a key; numbers become strings. */
export function patchQuery(query: LocationQuery, patch: QueryPatch): LocationQuery {
  const next: LocationQuery = { ...query };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null || value === undefined || value === '') delete next[name];
    else next[name] = String(value);
  }
  return next;
}

const sameQuery = (a: LocationQuery, b: LocationQuery): boolean => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => JSON.stringify(a[key] ?? null) === JSON.stringify(b[key] ?? null));
};

/**
 * A page's state in the URL's query (filters, search, page, picked item), so a view can be shared and
 * survives a reload. Writes replace the history entry (no Back step per keystroke); several writes in one
 * tick become one navigation.
 */
export function useUrlQuery() {
  const route = useRoute();
  const router = useRouter();
  let pending: QueryPatch | null = null;

  function flush(): void {
    const patch = pending;
    pending = null;
    if (patch === null) return;
    const next = patchQuery(route.query, patch);
    if (!sameQuery(next, route.query)) void router.replace({ query: next, hash: route.hash });
  }

  function write(patch: QueryPatch): void {
    const first = pending === null;
    pending = { ...(pending ?? {}), ...patch };
    if (first) queueMicrotask(flush);
  }

  const read = (name: string): string | undefined => queryValue(route.query, name);

  return { read, write, route };
}
