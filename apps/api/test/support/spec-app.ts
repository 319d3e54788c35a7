import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startApi } from './test-app';

/** The API of the running spec file (a live binding: set once its beforeAll has run). */
export let api: NestFastifyApplication;
/** The worker of the running spec file, when `useSpecApp` was asked to start one. */
export let worker: INestApplicationContext;

export interface SpecAppSetup {
  startWorker?: () => Promise<INestApplicationContext>;
  /** Runs before each test: the area's tables and queues back to empty. */
  reset: (app: NestFastifyApplication) => Promise<void>;
}

/** One API (and worker) per spec file, shared by the files an area's tests are split into. */
export function useSpecApp(setup: SpecAppSetup): void {
  let started: INestApplicationContext | undefined;
  beforeAll(async () => {
    api = await startApi();
    if (setup.startWorker !== undefined) {
      started = await setup.startWorker();
      worker = started;
    }
  });
  afterAll(async () => {
    await started?.close();
    await api?.close();
  });
  beforeEach(() => setup.reset(api));
}
