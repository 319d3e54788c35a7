import { readdirSync, readFileSync } from 'node:fs';

/** What the bench tells apart when it reports where the CPU went during a run. */
export const CPU_ROLES = ['api', 'worker', 'redis', 'mysql', 'load'] as const;
export type CpuRole = (typeof CPU_ROLES)[number];

/** Processes whose descendants (cluster children included) count as API or worker. */
export interface CpuRoots {
  api: readonly number[];
  worker: readonly number[];
}

interface ProcessTicks {
  role: CpuRole;
  ticks: number;
}

export interface CpuSample {
  atMs: number;
  processes: Map<number, ProcessTicks>;
}

/** Percent of one core per role (a role on two busy cores reads 200). */
export type CpuUse = Partial<Record<CpuRole, number>>;

/** Linux's USER_HZ: /proc reports CPU time in these ticks on every common architecture. */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  ticks: number;
  /** CPU time of its children that have ended (the bench's finished wrk runs). */
  childTicks: number;
}

/** One line of /proc/<pid>/stat: the command sits in parentheses and may itself hold spaces or parentheses. */
export function parseProcStat(line: string): ProcStat | undefined {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = line.slice(close + 2).split(' ');
  // After the command: state ppid ... utime is field 14 and stime field 15 of the whole line.
  const ppid = Number(rest[1]);
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((field) => Number(rest[field]));
  if (![ppid, utime, stime, cutime, cstime].every(Number.isFinite)) return undefined;
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    ppid,
    ticks: (utime ?? 0) + (stime ?? 0),
    childTicks: (cutime ?? 0) + (cstime ?? 0),
  };
}

/** The role of a process from its command and its ancestry; undefined for anything the report leaves out. */
export function roleOf(
  stat: Pick<ProcStat, 'pid' | 'comm'>,
  parents: ReadonlyMap<number, number>,
  roots: CpuRoots,
): CpuRole | undefined {
  for (let pid: number | undefined = stat.pid; pid !== undefined && pid > 1; pid = parents.get(pid)) {
    if (roots.api.includes(pid)) return 'api';
    if (roots.worker.includes(pid)) return 'worker';
  }
  if (stat.comm === 'redis-server') return 'redis';
  if (stat.comm === 'mariadbd' || stat.comm === 'mysqld') return 'mysql';
  if (stat.comm === 'wrk') return 'load';
  return undefined;
}

function readStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (stat !== undefined) stats.push(stat);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return stats;
}

/** CPU time so far of every process that has a role; undefined where there is no /proc (not Linux). */
export function sampleCpu(roots: CpuRoots, now = Date.now()): CpuSample | undefined {
  let stats: ProcStat[];
  try {
    stats = readStats();
  } catch {
    return undefined;
  }
  const parents = new Map(stats.map((stat) => [stat.pid, stat.ppid]));
  const processes = new Map<number, ProcessTicks>();
  for (const stat of stats) {
    if (stat.pid === process.pid) {
      // The load generator: autocannon runs in this process, wrk as a child that has ended by the second sample.
      processes.set(stat.pid, { role: 'load', ticks: stat.ticks + stat.childTicks });
      continue;
    }
    const role = roleOf(stat, parents, roots);
    if (role !== undefined) processes.set(stat.pid, { role, ticks: stat.ticks });
  }
  return { atMs: now, processes };
}

/** CPU used per role between two samples, in percent of one core; processes that came or went count from 0. */
export function cpuUse(before: CpuSample, after: CpuSample): CpuUse {
  const seconds = (after.atMs - before.atMs) / 1000;
  if (seconds <= 0) return {};
  const ticks: Partial<Record<CpuRole, number>> = {};
  for (const [pid, process] of after.processes) {
    const spent = process.ticks - (before.processes.get(pid)?.ticks ?? 0);
    ticks[process.role] = (ticks[process.role] ?? 0) + Math.max(0, spent);
  }
  const use: CpuUse = {};
  for (const role of CPU_ROLES) {
    const spent = ticks[role];
    if (spent !== undefined) use[role] = Math.round((spent / TICKS_PER_SECOND / seconds) * 100);
  }
  return use;
}

/** `api 98% · worker 31% · redis 12% · mysql 40% · load 55%` for the table. */
export function formatCpuUse(use: CpuUse): string {
  return CPU_ROLES.filter((role) => use[role] !== undefined)
    .map((role) => `${role} ${use[role]}%`)
    .join(' · ');
}
