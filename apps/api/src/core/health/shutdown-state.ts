import { Injectable } from '@nestjs/common';

/**
 * Whether this API process is draining: told to stop, still serving, but answering /health/ready with 503 so
 * that load balancers and Kubernetes take it out of rotation before it stops taking connections.
 */
@Injectable()
export class ShutdownState {
  private drainingSince: number | undefined;

  startDraining(): void {
    this.drainingSince ??= Date.now();
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }
}
