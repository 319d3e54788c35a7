import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { observeHttpRequest } from './app-metrics';
import { RequestLog } from './request-log';
import { routeLabelOf, trafficAreaOf } from './traffic-area';
import { AREA_INDEX } from './traffic-steps';
import { TrafficRecorder } from './traffic.recorder';

interface RouteFacts {
  route: string;
  areaIndex: number;
}

const OTHER = AREA_INDEX.get('other') ?? 0;

/**
 * One onResponse hook per request feeds the latency histogram, the per-step traffic counts and the request log.
 * Route label and area are worked out once per route pattern.
 */
export function observeRequests(app: NestFastifyApplication): void {
  const recorder = app.get(TrafficRecorder);
  const requestLog = app.get(RequestLog);
  const byPattern = new Map<string, RouteFacts>();
  const factsOf = (request: FastifyRequest): RouteFacts => {
    const pattern = request.routeOptions.url;
    if (pattern === undefined) {
      return {
        route: routeLabelOf(undefined),
        areaIndex: AREA_INDEX.get(trafficAreaOf(request.url)) ?? OTHER,
      };
    }
    let facts = byPattern.get(pattern);
    if (facts === undefined) {
      facts = { route: routeLabelOf(pattern), areaIndex: AREA_INDEX.get(trafficAreaOf(pattern)) ?? OTHER };
      byPattern.set(pattern, facts);
    }
    return facts;
  };

  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const durationMs = reply.elapsedTime;
      const statusCode = reply.statusCode;
      const facts = factsOf(request);
      observeHttpRequest(request.method, facts.route, statusCode, durationMs / 1000);
      recorder.record(facts.areaIndex, statusCode, durationMs);
      if (requestLog.wants(statusCode)) {
        requestLog.write({
          requestId: request.id,
          method: request.method,
          route: facts.route,
          statusCode,
          durationMs: Math.round(durationMs * 100) / 100,
        });
      }
      done();
    });
}
