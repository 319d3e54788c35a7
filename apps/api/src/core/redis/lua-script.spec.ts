import calculateSlot from 'cluster-key-slot';
import { Cluster, Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { LuaScript } from './lua-script';

const script = new LuaScript('return #KEYS');
const entries = ['{a}:1', '{b}:1', '{a}:2', '{c}:1', '{b}:2'].map((key, index) => ({ key, args: [index] }));
const clients: Array<Redis | Cluster> = [];

function recording<T extends Redis | Cluster>(client: T): { client: T; calls: unknown[][] } {
  clients.push(client);
  const calls: unknown[][] = [];
  // The I/O boundary: EVALSHA answers the number of keys it was given, and records the call.
  (client as unknown as { evalsha: (...call: unknown[]) => Promise<unknown> }).evalsha = async (...call) => {
    calls.push(call);
    return call[1];
  };
  return { client, calls };
}

afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
});

describe('LuaScript.runPerSlot', () => {
  it('makes one call with every key on a single Redis', async () => {
    const { client, calls } = recording(new Redis({ lazyConnect: true }));
    expect(await script.runPerSlot(client, entries, ['lead'])).toEqual([5]);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.slice(1)).toEqual([
      5,
      '{a}:1',
      '{b}:1',
      '{a}:2',
      '{c}:1',
      '{b}:2',
      'lead',
      0,
      1,
      2,
      3,
      4,
    ]);
  });

  it('makes one call per slot on a cluster, each with its own keys and their arguments in order', async () => {
    const { client, calls } = recording(new Cluster([{ host: '127.0.0.1', port: 1 }], { lazyConnect: true }));
    const answers = await script.runPerSlot(client, entries, ['lead']);
    expect(answers.sort()).toEqual([1, 2, 2]);
    const byFirstKey = new Map(calls.map((call) => [call[2], call.slice(1)]));
    expect(byFirstKey.get('{a}:1')).toEqual([2, '{a}:1', '{a}:2', 'lead', 0, 2]);
    expect(byFirstKey.get('{b}:1')).toEqual([2, '{b}:1', '{b}:2', 'lead', 1, 4]);
    expect(byFirstKey.get('{c}:1')).toEqual([1, '{c}:1', 'lead', 3]);
    for (const call of calls) {
      const keys = call.slice(2, 2 + Number(call[1])) as string[];
      expect(new Set(keys.map((key) => calculateSlot(key))).size).toBe(1);
    }
  });

  it('makes no call for no keys', async () => {
    const { client, calls } = recording(new Redis({ lazyConnect: true }));
    expect(await script.runPerSlot(client, [])).toEqual([]);
    expect(calls).toHaveLength(0);
  });
});
