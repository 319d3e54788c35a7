import { describe, expect, it } from 'vitest';
import { parseEnvFile } from './env-file.ts';

describe('parseEnvFile', () => {
  it('reads values like Node does and notes which ones a comment documents', () => {
    const entries = parseEnvFile(
      [
        '# Port of the API.',
        'PORT=3000 # trailing comment',
        'HOST="0.0.0.0"',
        '',
        'UNDOCUMENTED=x',
        '#',
        'EMPTY_COMMENT=y',
        '',
        '# Token.',
        "export TOKEN='a # b'",
        'EMPTY=',
      ].join('\n'),
    );
    expect(entries.map(({ key, value, documented }) => [key, value, documented])).toEqual([
      ['PORT', '3000', true],
      ['HOST', '0.0.0.0', true],
      ['UNDOCUMENTED', 'x', false],
      ['EMPTY_COMMENT', 'y', false],
      ['TOKEN', 'a # b', true],
      ['EMPTY', '', true],
    ]);
  });

  it('rejects lines that are not assignments', () => {
    expect(() => parseEnvFile('just words')).toThrow('line 1');
  });
});
