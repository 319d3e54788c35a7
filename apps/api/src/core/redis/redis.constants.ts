/** Injection token of the shared ioredis client for commands (counters, scripts, publish). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
/** Injection token of the ioredis connection that only subscribes (a subscribed connection cannot run commands). */
export const REDIS_SUBSCRIBER = Symbol('REDIS_SUBSCRIBER');
