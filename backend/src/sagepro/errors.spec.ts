import { describe, expect, it } from 'vitest';
import { classifyDatabaseError, mayBelongToOneItem, PermanentSageProError, TransientSageProError, validationError } from './errors.js';

const withProps = (props: Record<string, unknown>, message = 'boom') => Object.assign(new Error(message), props);

describe('classifyDatabaseError', () => {
  it.each([
    [{ code: '40P01' }, 'deadlock'],
    [{ code: '40001' }, 'deadlock'],
    [{ code: '55P03' }, 'lock_timeout'],
    [{ code: '57014' }, 'timeout'],
    [{ code: '57P01' }, 'connection_lost'],
    [{ code: '53300' }, 'server_unavailable'],
    [{ code: 'ECONNREFUSED' }, 'connection_refused'],
    [{ code: 'ETIMEDOUT' }, 'timeout'],
    [{ code: 'ECONNRESET' }, 'connection_lost'],
    [{ code: 'EREQUEST', number: 1205 }, 'deadlock'],
    [{ code: 'EREQUEST', number: 1222 }, 'lock_timeout'],
    [{ code: 'ETIMEOUT' }, 'timeout'],
    [{ code: 'ESOCKET' }, 'connection_lost'],
    [{ name: 'TimeoutError' }, 'timeout'],
  ])('%j is transient %s', (props, kind) => {
    const typed = classifyDatabaseError(withProps(props));
    expect(typed).toBeInstanceOf(TransientSageProError);
    expect(typed.kind).toBe(kind);
    expect(typed.retryable).toBe(true);
  });

  it('reads pg’s lost-connection message without a code', () => {
    expect(classifyDatabaseError(new Error('Connection terminated unexpectedly')).kind).toBe('connection_lost');
  });

  it.each([
    [{ code: '42703' }, 'schema_mismatch'],
    [{ code: 'EREQUEST', number: 207 }, 'schema_mismatch'],
    [{ code: '22001' }, 'validation'],
    [{ code: 'EREQUEST', number: 8152 }, 'validation'],
    [{ code: '23505' }, 'unexpected'],
    [{}, 'unexpected'],
  ])('%j is permanent %s', (props, kind) => {
    const typed = classifyDatabaseError(withProps(props));
    expect(typed).toBeInstanceOf(PermanentSageProError);
    expect(typed.kind).toBe(kind);
    expect(typed.cause).toBeInstanceOf(Error);
  });

  it('turns a RangeError from Settle-side input into a validation error', () => {
    const typed = classifyDatabaseError(new RangeError('"ABCDEFG" is longer than the key\'s 6 characters'));
    expect(typed).toBeInstanceOf(PermanentSageProError);
    expect(typed.kind).toBe('validation');
  });

  it('passes typed errors through untouched', () => {
    const typed = validationError('arcash.refno', 'X'.repeat(21), 'char(20): at most 20 characters');
    expect(classifyDatabaseError(typed)).toBe(typed);
    expect(typed.message).toContain('arcash.refno');
    expect(typed.field).toBe('arcash.refno');
  });
});

describe('login errors', () => {
  it('are Permanent login_failed on both servers: a person must fix the credentials', () => {
    for (const error of [
      { code: '28P01', message: 'password authentication failed for user "sagepro_user"' },
      { code: '28000', message: 'no pg_hba.conf entry' },
      { code: 'ELOGIN', message: "Login failed for user 'settle'." },
      { number: 18456, message: 'Login failed' },
    ]) {
      expect(classifyDatabaseError(error)).toMatchObject({ kind: 'login_failed', retryable: false });
    }
  });
});

describe('permission errors', () => {
  it('are Permanent permission_denied on both servers: a person must give Settle write access', () => {
    for (const error of [{ code: '42501', message: 'permission denied for table armast' }, { number: 229, message: 'The UPDATE permission was denied' }, { number: 3906, message: 'the database is read-only' }]) {
      expect(classifyDatabaseError(error)).toMatchObject({ kind: 'permission_denied' });
    }
  });
});

describe('mayBelongToOneItem', () => {
  it("is true of a value the database refused, and of the unexpected: a batch's item may cause them", () => {
    expect(mayBelongToOneItem(classifyDatabaseError(withProps({ code: '22001' }, 'value too long')))).toBe(true);
    expect(mayBelongToOneItem(classifyDatabaseError(withProps({ code: 'P0001' }, 'raised by a trigger')))).toBe(true);
  });

  it('is false of what every write of the company meets, and of transient failures', () => {
    for (const error of [{ code: '28P01' }, { code: '42501' }, { code: '42P01' }, { code: '55P03' }, { code: 'ECONNRESET' }]) {
      expect(mayBelongToOneItem(classifyDatabaseError(withProps(error))), JSON.stringify(error)).toBe(false);
    }
    expect(mayBelongToOneItem(new PermanentSageProError('missing_counter', 'SYSDATA has no AR01 counter'))).toBe(false);
  });
});
