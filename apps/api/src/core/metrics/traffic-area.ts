import type { TrafficArea } from '@hotpath/contracts';

/** The first path segment of every route of an area; anything else (health, docs, system) is `other`. */
const AREA_OF_SEGMENT: Readonly<Record<string, TrafficArea>> = {
  subscribers: 'subscribers',
  fields: 'subscribers',
  polls: 'polls',
  payment: 'payments',
  payments: 'payments',
  statistics: 'payments',
  events: 'deliverability',
  domains: 'deliverability',
  deliverability: 'deliverability',
  analytics: 'analytics',
};

/** The area a request belongs to, from its route pattern or raw path (query string ignored). */
export function trafficAreaOf(path: string): TrafficArea {
  const start = path.startsWith('/') ? 1 : 0;
  let end = start;
  while (end < path.length && path[end] !== '/' && path[end] !== '?') end++;
  return AREA_OF_SEGMENT[path.slice(start, end).toLowerCase()] ?? 'other';
}

/** The `route` label of a request: its route pattern (`/subscribers/:email`), never the raw URL. */
export function routeLabelOf(routePattern: string | undefined): string {
  return routePattern === undefined || routePattern === '' ? 'unmatched' : routePattern;
}
