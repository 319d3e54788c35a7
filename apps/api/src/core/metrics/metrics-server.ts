import type { LoggerService } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { AggregatorRegistry, collectDefaultMetrics, register } from 'prom-client';

/** Where this process's metrics come from: its own registry, or (the cluster primary) every process's. */
export interface MetricsSource {
  contentType: string;
  metrics(): Promise<string>;
}

/** Gauges of prom-client's defaults whose `_total` suffix promtool rejects; their per-type twins stay. */
const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

let defaultsCollected = false;

/** Event-loop lag, heap, GC and the other process metrics of prom-client, once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics();
  for (const name of MISNAMED_DEFAULTS) register.removeSingleMetric(name);
}

/** This process's own registry (the default one), as served when it runs alone. */
export const ownMetrics: MetricsSource = {
  contentType: register.contentType,
  metrics: () => register.metrics(),
};

/**
 * Serves `GET /metrics` on its own port, apart from the public API. Port 0 serves nothing. A port that cannot
 * be bound is logged and left: the process keeps doing its real work without metrics.
 */
export function serveMetrics(
  port: number,
  host: string,
  source: MetricsSource,
  logger: LoggerService,
): Server | undefined {
  if (port === 0) return undefined;
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found: metrics are at /metrics\n');
      return;
    }
    source.metrics().then(
      (body) => {
        response.writeHead(200, { 'content-type': source.contentType }).end(body);
      },
      (error: unknown) => {
        logger.error(`metrics not collected: ${String(error)}`, 'Metrics');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics not collected\n');
      },
    );
  });
  server.on('error', (error) => {
    logger.error(`metrics port ${port} not served: ${error.message}`, 'Metrics');
  });
  server.listen(port, host, () => {
    logger.log(`metrics on http://${host}:${port}/metrics`, 'Metrics');
  });
  server.unref();
  return server;
}

/**
 * In a cluster child: answer the primary's requests for this process's metrics (prom-client listens for them
 * once an AggregatorRegistry exists). Called first thing, so a scrape during start-up is not left waiting.
 */
export function answerClusterMetricRequests(): void {
  void new AggregatorRegistry();
}
