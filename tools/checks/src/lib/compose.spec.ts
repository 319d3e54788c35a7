import { describe, expect, it } from 'vitest';
import { interpolate } from './compose.ts';

describe('interpolate', () => {
  const variables = { SET: 'value', EMPTY: '' };

  it('substitutes variables and defaults the way docker compose does', () => {
    expect(interpolate('a ${SET} $SET b', variables)).toBe('a value value b');
    expect(interpolate('${MISSING:-fallback} ${EMPTY:-fallback} ${EMPTY-fallback}', variables)).toBe(
      'fallback fallback ',
    );
    expect(interpolate('${MISSING-fallback} ${SET:-fallback}', variables)).toBe('fallback value');
    expect(interpolate('${SET:+other}|${EMPTY:+other}|${EMPTY+other}', variables)).toBe('other||other');
    expect(interpolate('${MISSING}', variables)).toBe('');
    expect(interpolate('$${SET} costs $$5', variables)).toBe('${SET} costs $5');
    expect(interpolate('${MISSING:-${SET}}', variables)).toBe('value');
  });

  it('fails on a required variable that is missing', () => {
    expect(() => interpolate('${MISSING:?set MISSING}', variables)).toThrow('MISSING: set MISSING');
    expect(() => interpolate('${EMPTY:?}', variables)).toThrow('EMPTY');
    expect(interpolate('${EMPTY?}', variables)).toBe('');
  });
});
