export interface BenchOptions {
  /** Scenario names in the order given, without repeats; `all` is already expanded. */
  scenarios: string[];
  runs: number;
  durationSeconds: number;
  connections: number;
  warmupSeconds: number;
  /** Where to write the full results; undefined means a timestamped file under tools/bench/results/. */
  jsonPath: string | undefined;
  /** When set, the API runs with --cpu-prof and writes its profile into this folder on exit. */
  cpuProfileDir: string | undefined;
  /** wrk threads (the load generator's cores); autocannon ignores it. */
  threads: number;
  /** API_PROCESSES of the second API under load; 0 means the number of cores. */
  processes: number;
  /** wrk when it is installed (auto), or the one named. */
  engine: LoadEngineChoice;
  /** `--ab KEY=VALUE`: A/B in one run; the second API is one process with these variables added. */
  variantEnv: Record<string, string>;
}

export type LoadEngineChoice = 'auto' | 'wrk' | 'autocannon';
const ENGINES: readonly LoadEngineChoice[] = ['auto', 'wrk', 'autocannon'];

export const DEFAULT_OPTIONS = {
  runs: 3,
  durationSeconds: 8,
  connections: 64,
  warmupSeconds: 5,
  threads: 1,
  processes: 0,
} as const;

/** A command line the runner cannot act on; the message says why and the runner exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type ParsedArgs = { help: true } | ({ help: false } & BenchOptions);

type NumericOption = 'runs' | 'durationSeconds' | 'connections' | 'warmupSeconds' | 'threads' | 'processes';

const NUMERIC_FLAGS: Record<string, { key: NumericOption; min: number }> = {
  '--runs': { key: 'runs', min: 1 },
  '--duration': { key: 'durationSeconds', min: 1 },
  '--connections': { key: 'connections', min: 1 },
  '--warmup': { key: 'warmupSeconds', min: 0 },
  '--threads': { key: 'threads', min: 1 },
  '--processes': { key: 'processes', min: 0 },
};

function parseCount(flag: string, raw: string | undefined, min: number): number {
  if (raw === undefined || raw === '') throw new UsageError(`${flag} needs a value`);
  if (!/^\d+$/.test(raw)) throw new UsageError(`${flag} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min) throw new UsageError(`${flag} must be at least ${min}, got ${value}`);
  return value;
}

/**
 * Reads `<scenario...|all> [--runs N] [--duration S] [--connections C] [--warmup S] [--threads T]
 * [--processes P] [--engine auto|wrk|autocannon] [--ab KEY=VALUE]... [--json file] [--cpu-prof dir]`.
 * Flags also take the `--flag=value` form. Throws a UsageError for anything it cannot use.
 */
export function parseArgs(argv: readonly string[], knownScenarios: readonly string[]): ParsedArgs {
  const numbers: Record<NumericOption, number> = { ...DEFAULT_OPTIONS };
  let jsonPath: string | undefined;
  let cpuProfileDir: string | undefined;
  let engine: LoadEngineChoice = 'auto';
  const variantEnv: Record<string, string> = {};
  const names: string[] = [];

  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--help' || arg === '-h') return { help: true };
    if (!arg.startsWith('-')) {
      names.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    const value = equals === -1 ? argv[++index] : arg.slice(equals + 1);
    const numeric = NUMERIC_FLAGS[flag];
    if (numeric !== undefined) {
      numbers[numeric.key] = parseCount(flag, value, numeric.min);
    } else if (flag === '--ab') {
      const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(value ?? '');
      if (match?.[1] === undefined || match[2] === undefined) {
        throw new UsageError(
          `--ab needs KEY=VALUE (an environment variable of the API), got "${value ?? ''}"`,
        );
      }
      variantEnv[match[1]] = match[2];
    } else if (flag === '--engine') {
      if (!ENGINES.includes(value as LoadEngineChoice)) {
        throw new UsageError(`--engine must be one of ${ENGINES.join(', ')}, got "${value ?? ''}"`);
      }
      engine = value as LoadEngineChoice;
    } else if (flag === '--json' || flag === '--cpu-prof') {
      if (value === undefined || value === '' || value.startsWith('--')) {
        throw new UsageError(`${flag} needs a ${flag === '--json' ? 'file' : 'folder'} name`);
      }
      if (flag === '--json') jsonPath = value;
      else cpuProfileDir = value;
    } else {
      throw new UsageError(`unknown option ${flag}`);
    }
  }

  if (names.length === 0) throw new UsageError('name at least one scenario, or "all"');
  const unknown = names.filter((name) => name !== 'all' && !knownScenarios.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown scenario${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  }
  const expanded = names.flatMap((name) => (name === 'all' ? [...knownScenarios] : [name]));
  return {
    help: false,
    scenarios: [...new Set(expanded)],
    ...numbers,
    jsonPath,
    cpuProfileDir,
    engine,
    variantEnv,
  };
}

export function usage(scenarios: ReadonlyArray<{ name: string; description: string }>): string {
  const width = Math.max(...scenarios.map((scenario) => scenario.name.length), 3);
  return [
    'Usage: node tools/bench/dist/run.js <scenario...|all> [options]',
    '',
    'Options:',
    `  --runs N          measured runs of each scenario and of the baseline (default ${DEFAULT_OPTIONS.runs})`,
    `  --duration S      seconds per run (default ${DEFAULT_OPTIONS.durationSeconds})`,
    `  --connections C   concurrent connections (default ${DEFAULT_OPTIONS.connections})`,
    `  --warmup S        seconds of unmeasured load before the runs, 0 for none (default ${DEFAULT_OPTIONS.warmupSeconds})`,
    `  --threads T       wrk threads (default ${DEFAULT_OPTIONS.threads})`,
    '  --processes P     API_PROCESSES of the second API measured beside one process (default: the number of cores)',
    '  --engine E        auto (wrk when installed, else autocannon), wrk or autocannon (default auto)',
    '  --ab KEY=VALUE    A/B in one run: the second API is one process with KEY=VALUE added (repeatable)',
    '  --json FILE       where to write every run as JSON (default tools/bench/results/<time>-<scenarios>.json)',
    '  --cpu-prof DIR    run the API under node --cpu-prof; the .cpuprofile lands in DIR when it stops',
    '',
    'Scenarios:',
    ...scenarios.map((scenario) => `  ${scenario.name.padEnd(width)}  ${scenario.description}`),
    `  ${'all'.padEnd(width)}  every scenario above, in this order`,
  ].join('\n');
}
