import { dropDatabase, flushRedis, stopProcesses } from './stack';

export default async function globalTeardown(): Promise<void> {
  await stopProcesses();
  await dropDatabase();
  await flushRedis();
}
