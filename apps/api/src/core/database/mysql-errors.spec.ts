import { describe, expect, it } from 'vitest';
import { classifyMysqlError } from './mysql-errors';

const driverError = (fields: Record<string, unknown>, message = 'x'): Error =>
  Object.assign(new Error(message), fields);
/** TypeORM wraps the driver's error in a QueryFailedError with `driverError`. */
const wrapped = (inner: Error): Error => Object.assign(new Error(inner.message), { driverError: inner });

describe('classifyMysqlError', () => {
  it('tells duplicates, lock conflicts and outages apart, wrapped by TypeORM or not', () => {
    expect(classifyMysqlError(driverError({ code: 'ER_DUP_ENTRY', errno: 1062 }))).toBe('duplicate');
    expect(classifyMysqlError(wrapped(driverError({ errno: 1062 })))).toBe('duplicate');
    expect(classifyMysqlError(driverError({ code: 'ER_LOCK_DEADLOCK', errno: 1213 }))).toBe('deadlock');
    expect(classifyMysqlError(wrapped(driverError({ errno: 1205 })))).toBe('deadlock');
    expect(classifyMysqlError(driverError({ code: 'ECONNREFUSED' }))).toBe('unavailable');
    expect(classifyMysqlError(wrapped(driverError({ code: 'PROTOCOL_CONNECTION_LOST', fatal: true })))).toBe(
      'unavailable',
    );
    expect(classifyMysqlError(driverError({ errno: 1053 }))).toBe('unavailable');
    expect(classifyMysqlError(new Error("Can't add new command when connection is in closed state"))).toBe(
      'unavailable',
    );
  });

  it('leaves everything else to the caller as other', () => {
    expect(classifyMysqlError(driverError({ code: 'ER_PARSE_ERROR', errno: 1064 }))).toBe('other');
    expect(classifyMysqlError(new TypeError('undefined is not a function'))).toBe('other');
    expect(classifyMysqlError('a string')).toBe('other');
    expect(classifyMysqlError(null)).toBe('other');
  });
});
