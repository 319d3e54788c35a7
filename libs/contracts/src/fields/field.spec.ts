import { describe, expect, it } from 'vitest';
import { fieldKeyFromTitle, fieldValueError } from './field';

describe('fieldKeyFromTitle', () => {
  it.each([
    ['Company Name', 'company_name'],
    ['  Date of Birth! ', 'date_of_birth'],
    ['Café Órders', 'cafe_orders'],
    ['VIP', 'vip'],
    ['!!!', ''],
  ])('%j -> %j', (title, key) => {
    expect(fieldKeyFromTitle(title)).toBe(key);
  });
});

describe('fieldValueError', () => {
  it('accepts values of the field type', () => {
    expect(fieldValueError('string', 'x')).toBeNull();
    expect(fieldValueError('number', -1.5)).toBeNull();
    expect(fieldValueError('boolean', false)).toBeNull();
    expect(fieldValueError('date', '2024-02-29')).toBeNull();
  });

  it('names what is wrong otherwise', () => {
    expect(fieldValueError('string', 1)).toBe('must be a string');
    expect(fieldValueError('string', 'x'.repeat(1001))).toBe('must be at most 1000 characters');
    expect(fieldValueError('number', '1')).toBe('must be a finite number');
    expect(fieldValueError('number', Number.NaN)).toBe('must be a finite number');
    expect(fieldValueError('boolean', 'true')).toBe('must be true or false');
    expect(fieldValueError('date', '2023-02-29')).toBe('must be a real calendar date');
    expect(fieldValueError('date', '29/02/2024')).toBe('must be a date as YYYY-MM-DD');
  });
});
