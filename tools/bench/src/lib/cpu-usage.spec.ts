import { describe, expect, it } from 'vitest';
import { cpuUse, formatCpuUse, parseProcStat, roleOf, sampleCpu, type CpuSample } from './cpu-usage';

const statLine = (
  pid: number,
  comm: string,
  ppid: number,
  utime: number,
  stime: number,
  children = 0,
): string =>
  `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${utime} ${stime} ${children} 0 20 0 1 0 100 1000 10`;

describe('parseProcStat', () => {
  it('reads pid, command, parent and user + system ticks', () => {
    expect(parseProcStat(statLine(42, 'node', 7, 150, 50))).toEqual({
      pid: 42,
      comm: 'node',
      ppid: 7,
      ticks: 200,
      childTicks: 0,
    });
  });

  it('keeps a command holding spaces and parentheses whole', () => {
    expect(parseProcStat(statLine(9, 'a (b) c', 1, 3, 4))).toMatchObject({
      comm: 'a (b) c',
      ppid: 1,
      ticks: 7,
    });
  });

  it('keeps the CPU time of ended children apart', () => {
    expect(parseProcStat(statLine(5, 'node', 1, 10, 10, 300))).toMatchObject({ ticks: 20, childTicks: 300 });
  });

  it('gives up on a line it cannot read', () => {
    expect(parseProcStat('garbage')).toBeUndefined();
  });
});

describe('roleOf', () => {
  const roots = { api: [100], worker: [200] };
  const parents = new Map([
    [101, 100],
    [100, 1],
    [201, 200],
  ]);
  it('counts cluster children under the API that started them, and the worker apart', () => {
    expect(roleOf({ pid: 101, comm: 'node' }, parents, roots)).toBe('api');
    expect(roleOf({ pid: 201, comm: 'node' }, parents, roots)).toBe('worker');
  });

  it('names the servers and the load generator by command, and leaves the rest out', () => {
    const of = (comm: string) => roleOf({ pid: 5, comm }, parents, roots);
    expect([of('redis-server'), of('mariadbd'), of('mysqld'), of('wrk'), of('bash')]).toEqual([
      'redis',
      'mysql',
      'mysql',
      'load',
      undefined,
    ]);
  });
});

describe('cpuUse', () => {
  const sample = (atMs: number, entries: Array<[number, 'api' | 'redis', number]>): CpuSample => ({
    atMs,
    processes: new Map(entries.map(([pid, role, ticks]) => [pid, { role, ticks }])),
  });

  it('sums each role over its processes, in percent of one core', () => {
    const before = sample(0, [
      [1, 'api', 1000],
      [2, 'api', 500],
      [3, 'redis', 0],
    ]);
    const after = sample(2000, [
      [1, 'api', 1200],
      [2, 'api', 600],
      [3, 'redis', 50],
    ]);
    // 300 ticks of 1/100 s in 2 s: 150% of a core.
    expect(cpuUse(before, after)).toEqual({ api: 150, redis: 25 });
    expect(formatCpuUse(cpuUse(before, after))).toBe('api 150% · redis 25%');
  });

  it('counts a process started between the samples from zero', () => {
    expect(cpuUse(sample(0, []), sample(1000, [[7, 'api', 40]]))).toEqual({ api: 40 });
  });
});

describe('sampleCpu', () => {
  it('counts this process (the bench, where the load generator runs) as load on Linux', () => {
    const sampled = sampleCpu({ api: [], worker: [] });
    if (process.platform !== 'linux') {
      expect(sampled).toBeUndefined();
      return;
    }
    expect(sampled?.processes.get(process.pid)?.role).toBe('load');
  });
});
