import calculateSlot from 'cluster-key-slot';
import { Redis } from 'ioredis';
import { spawnSync } from 'node:child_process';
import { PrivateRedis } from '../../support/private-servers';

const READY_TIMEOUT_MS = 30_000;

/**
 * A real Redis Cluster on this machine: private `redis-server --cluster-enabled yes` processes joined by
 * `redis-cli --cluster create` with every slot assigned and no replicas. Tests may flush it at will.
 */
export class PrivateRedisCluster {
  private constructor(readonly nodes: PrivateRedis[]) {}

  static async start(masters = 3): Promise<PrivateRedisCluster> {
    const started = await Promise.allSettled(
      Array.from({ length: masters }, () => PrivateRedis.start({ cluster: true, appendonly: false })),
    );
    const nodes = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const cluster = new PrivateRedisCluster(nodes);
    try {
      const failed = started.find((outcome) => outcome.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
      const create = spawnSync(
        'redis-cli',
        ['--cluster', 'create', ...cluster.addresses(), '--cluster-replicas', '0', '--cluster-yes'],
        { encoding: 'utf8', timeout: READY_TIMEOUT_MS },
      );
      if (create.status !== 0)
        throw new Error(`redis-cli --cluster create failed:\n${create.stdout}\n${create.stderr}`);
      await cluster.waitUntilReady();
      return cluster;
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
  }

  /** `host:port` of every node: the value of REDIS_CLUSTER_NODES. */
  addresses(): string[] {
    return this.nodes.map((node) => `127.0.0.1:${node.port}`);
  }

  /** The settings that put the API and worker on this cluster. */
  env(): { REDIS_URL: string; REDIS_CLUSTER_NODES: string } {
    return { REDIS_URL: this.nodes[0]!.url(), REDIS_CLUSTER_NODES: this.addresses().join(',') };
  }

  /** The port of the master that serves the key's slot, as the cluster itself says (CLUSTER SLOTS). */
  async masterOf(key: string): Promise<number> {
    const slot = calculateSlot(key);
    const ranges = await this.onNode(this.nodes[0]!.port, (redis) => redis.cluster('SLOTS'));
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    const master = range?.[2];
    if (master === undefined) throw new Error(`no node serves slot ${slot}`);
    return master[1];
  }

  /** Every key of every node, by node port. */
  async keysByNode(pattern: string): Promise<Map<number, string[]>> {
    const result = new Map<number, string[]>();
    for (const node of this.nodes)
      result.set(node.port, await this.onNode(node.port, (redis) => redis.keys(pattern)));
    return result;
  }

  async flushAll(): Promise<void> {
    await Promise.all(this.nodes.map((node) => this.onNode(node.port, (redis) => redis.flushall())));
  }

  async destroy(): Promise<void> {
    await Promise.allSettled(this.nodes.map((node) => node.destroy()));
  }

  /** Runs commands on one node alone (a plain connection, not cluster-aware). */
  async onNode<T>(port: number, work: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      return await work(redis);
    } finally {
      redis.disconnect();
    }
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const states = await Promise.all(
        this.nodes.map((node) => this.onNode(node.port, (redis) => redis.cluster('INFO'))),
      );
      const ready = states.every(
        (info) =>
          info.includes('cluster_state:ok') && info.includes(`cluster_known_nodes:${this.nodes.length}`),
      );
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`the cluster did not become ready:\n${states.join('\n')}`);
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }
}
