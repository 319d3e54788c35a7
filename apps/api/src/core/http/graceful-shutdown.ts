import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '../../config/app-config';
import { ShutdownState } from '../health/shutdown-state';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * How this API process ends. SIGTERM (Kubernetes, a rolling restart) first drains: /health/ready answers 503
 * while every request is still served, for SHUTDOWN_DRAIN_DELAY_MS, so balancers stop sending new ones. Then
 * it stops taking connections, finishes the requests in flight, and only then runs the modules' shutdown
 * hooks (flush pending batches, close queues, Redis and the pool those requests still needed). SIGINT, a
 * developer's Ctrl-C, skips the drain. After SHUTDOWN_TIMEOUT_MS past the drain the process exits regardless.
 */
export function exitGracefullyOnSignals(app: NestFastifyApplication): void {
  const config = app.get(AppConfig);
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // A cluster child may hear both a terminal's Ctrl-C and the primary's signal: shut down once.
      if (stopping) return;
      stopping = true;
      const drainMs = signal === 'SIGTERM' ? config.get('SHUTDOWN_DRAIN_DELAY_MS') : 0;
      void drainThenClose(app, signal, drainMs, config.get('SHUTDOWN_TIMEOUT_MS'));
    });
  }
}

async function drainThenClose(
  app: NestFastifyApplication,
  signal: NodeJS.Signals,
  drainMs: number,
  timeoutMs: number,
): Promise<void> {
  try {
    if (drainMs > 0) {
      app.get(ShutdownState).startDraining();
      Logger.log(`${signal}: not ready any more, still serving for ${drainMs} ms`, 'Shutdown');
      await sleep(drainMs);
    }
    // A shutdown that hangs (a stuck connection) is cut off instead of living forever.
    setTimeout(() => process.exit(1), timeoutMs).unref();
    Logger.log(`${signal}: finishing requests in flight`, 'Shutdown');
    await app.getHttpAdapter().getInstance().close();
    await app.close();
    process.exit(0);
  } catch (error) {
    Logger.error(`shutdown failed: ${String(error)}`, 'Shutdown');
    process.exit(1);
  }
}
