import { describe, expect, it } from 'vitest';
import { parseNdjson } from './ndjson.body-parser';

describe('parseNdjson', () => {
  it('reads one value per line, skipping blank lines and CRLF endings', () => {
    expect(parseNdjson('{"a":1}\r\n\n  {"b":2}\n')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(parseNdjson('')).toEqual([]);
  });

  it('names the first line that is not JSON, with a 400', () => {
    expect(() => parseNdjson('{"a":1}\n\n{"b":')).toThrow('Line 3 is not valid JSON');
    try {
      parseNdjson('nope');
    } catch (error) {
      expect((error as { statusCode?: number }).statusCode).toBe(400);
    }
  });
});
