import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, parseArgs, usage, UsageError } from './args';

const KNOWN = ['get-hot', 'get-spread', 'post-mixed'];

describe('parseArgs', () => {
  it('takes one scenario with the default options', () => {
    expect(parseArgs(['get-hot'], KNOWN)).toEqual({
      help: false,
      scenarios: ['get-hot'],
      ...DEFAULT_OPTIONS,
      jsonPath: undefined,
      cpuProfileDir: undefined,
      engine: 'auto',
      variantEnv: {},
    });
    expect(DEFAULT_OPTIONS).toMatchObject({ runs: 3, durationSeconds: 8, connections: 64, processes: 0 });
  });

  it('keeps several scenarios in the order given, once each', () => {
    const parsed = parseArgs(['post-mixed', 'get-hot', 'post-mixed'], KNOWN);
    expect(parsed).toMatchObject({ scenarios: ['post-mixed', 'get-hot'] });
  });

  it('expands "all" to every known scenario in registry order', () => {
    expect(parseArgs(['all'], KNOWN)).toMatchObject({ scenarios: KNOWN });
    expect(parseArgs(['get-spread', 'all'], KNOWN)).toMatchObject({
      scenarios: ['get-spread', 'get-hot', 'post-mixed'],
    });
  });

  it('reads every option, in both spellings', () => {
    const parsed = parseArgs(
      [
        '--runs',
        '5',
        'get-hot',
        '--duration=30',
        '--connections',
        '50',
        '--warmup',
        '0',
        '--json',
        'out.json',
        '--cpu-prof=/tmp/prof',
        '--threads',
        '2',
        '--processes=4',
        '--engine',
        'autocannon',
        '--ab',
        'DOMAIN_STATUS_LOCAL_TTL_MS=0',
        '--ab=LOG_LEVEL=warn',
      ],
      KNOWN,
    );
    expect(parsed).toEqual({
      help: false,
      scenarios: ['get-hot'],
      runs: 5,
      durationSeconds: 30,
      connections: 50,
      warmupSeconds: 0,
      jsonPath: 'out.json',
      cpuProfileDir: '/tmp/prof',
      threads: 2,
      processes: 4,
      engine: 'autocannon',
      variantEnv: { DOMAIN_STATUS_LOCAL_TTL_MS: '0', LOG_LEVEL: 'warn' },
    });
  });

  it('names every unknown scenario', () => {
    expect(() => parseArgs(['get-hot', 'nope', 'other'], KNOWN)).toThrow('unknown scenarios: nope, other');
    expect(() => parseArgs(['nope'], KNOWN)).toThrow(UsageError);
  });

  it('refuses a missing scenario, unknown flags and bad numbers', () => {
    expect(() => parseArgs([], KNOWN)).toThrow('name at least one scenario');
    expect(() => parseArgs(['get-hot', '--fast'], KNOWN)).toThrow('unknown option --fast');
    expect(() => parseArgs(['get-hot', '--runs'], KNOWN)).toThrow('--runs needs a value');
    expect(() => parseArgs(['get-hot', '--runs', '0'], KNOWN)).toThrow('--runs must be at least 1');
    expect(() => parseArgs(['get-hot', '--duration', '2.5'], KNOWN)).toThrow('must be a whole number');
    expect(() => parseArgs(['get-hot', '--connections=-3'], KNOWN)).toThrow('must be a whole number');
    expect(() => parseArgs(['get-hot', '--ab', 'lower=1'], KNOWN)).toThrow('--ab needs KEY=VALUE');
    expect(() => parseArgs(['get-hot', '--engine', 'ab'], KNOWN)).toThrow('--engine must be one of');
    expect(() => parseArgs(['get-hot', '--threads', '0'], KNOWN)).toThrow('--threads must be at least 1');
    expect(() => parseArgs(['get-hot', '--json'], KNOWN)).toThrow('--json needs a file name');
    expect(() => parseArgs(['get-hot', '--cpu-prof', '--runs', '1'], KNOWN)).toThrow(
      '--cpu-prof needs a folder name',
    );
  });

  it('answers --help before looking at anything else', () => {
    expect(parseArgs(['nope', '--help'], KNOWN)).toEqual({ help: true });
    expect(parseArgs(['-h'], KNOWN)).toEqual({ help: true });
  });
});

describe('usage', () => {
  it('lists every scenario with its description, and "all"', () => {
    const text = usage([
      { name: 'get-hot', description: 'reads a few keys' },
      { name: 'post-mixed', description: 'writes' },
    ]);
    expect(text).toMatch(/^ {2}get-hot {5}reads a few keys$/m);
    expect(text).toMatch(/^ {2}post-mixed {2}writes$/m);
    expect(text).toMatch(/^ {2}all {9}every scenario/m);
  });
});
