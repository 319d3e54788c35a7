import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoPath } from './lib/repo.ts';

interface DemoScript {
  parseArgs(argv: string[]): { minutes: number; rate: number };
  apiAddress(env: Record<string, string | undefined>): string;
}

const demo = (): Promise<DemoScript> =>
  import(pathToFileURL(repoPath('tools/scripts/demo.mjs')).href) as Promise<DemoScript>;

describe('npm run demo (tools/scripts/demo.mjs)', () => {
  it('runs for a bounded time at a bounded rate', async () => {
    const { parseArgs } = await demo();
    expect(parseArgs([])).toEqual({ minutes: 3, rate: 40 });
    expect(parseArgs(['--minutes', '1', '--rate', '12.4'])).toEqual({ minutes: 1, rate: 12 });
    expect(parseArgs(['--minutes', '600', '--rate', '100000'])).toEqual({ minutes: 30, rate: 200 });
    expect(() => parseArgs(['--seconds', '5'])).toThrow(/usage: npm run demo/);
    expect(() => parseArgs(['--rate', '-1'])).toThrow(/usage/);
  });

  it('finds the API where its settings put it', async () => {
    const { apiAddress } = await demo();
    expect(apiAddress({})).toBe('http://127.0.0.1:3000');
    expect(apiAddress({ HOST: '0.0.0.0', PORT: '3100' })).toBe('http://127.0.0.1:3100');
    expect(apiAddress({ HOST: 'api.internal', PORT: '8080' })).toBe('http://api.internal:8080');
    expect(apiAddress({ HOST: '::1', PORT: '3000' })).toBe('http://[::1]:3000');
  });
});
