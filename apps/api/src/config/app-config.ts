import type { Env } from './env.schema';

/** The validated configuration, injected wherever a setting is read. Values never change after boot. */
export class AppConfig {
  constructor(readonly env: Env) {}

  get<K extends keyof Env>(key: K): Env[K] {
    return this.env[key];
  }
}
