export type ComponentState = 'up' | 'down';

export interface QueueDepth {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface SystemStatus {
  api: ComponentState;
  mysql: ComponentState;
  redis: ComponentState;
  queues: QueueDepth[];
  uptimeSeconds: number;
  checkedAt: string;
}

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  checks: { mysql: ComponentState; redis: ComponentState };
}
