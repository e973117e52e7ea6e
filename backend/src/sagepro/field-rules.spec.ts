import { describe, expect, it } from 'vitest';
import { PermanentSageProError } from './errors.js';
import { dateFields, validateWrite } from './field-rules.js';

function failure(run: () => void): PermanentSageProError {
  try {
    run();
  } catch (error) {
    return error as PermanentSageProError;
  }
  throw new Error('expected a validation error');
}

describe('validateWrite', () => {
  it('accepts a cash receipt row in Sage form', () => {
    expect(() =>
      validateWrite('arcash', {
        custno: 'ACM100', invno: '      1001', refno: 'PT123456789'.padEnd(20), dtepaid: '2026-10-31',
        paidamt: '123.4500', disamt: '0.0000', arsess: '    12', cashacct: '1010', currid: 'USD',
        adduser: 'STL', adddate: '2026-10-31', addtime: '10:00:00',
      }),
    ).not.toThrow();
  });

  it('names table.field, the value and the rule of a too-long value', () => {
    const error = failure(() => validateWrite('arcash', { refno: 'X'.repeat(21) }));
    expect(error).toBeInstanceOf(PermanentSageProError);
    expect(error.kind).toBe('validation');
    expect(error.field).toBe('arcash.refno');
    expect(error.value).toBe('X'.repeat(21));
    expect(error.rule).toBe('char(20): at most 20 characters');
    expect(error.message).toMatch(/^arcash\.refno "X{21}" breaks char\(20\)/);
  });

  it.each([
    ['ardist', { amount: '12.34' }, 'ardist.amount', /numeric\(16,4\)/],
    ['ardist', { amount: '1234567890123.0000' }, 'ardist.amount', /numeric\(16,4\)/],
    ['armast', { dtepaid: '2026-02-30' }, 'armast.dtepaid', /date/],
    ['arcash', { custno: 'CUST\n1' }, 'arcash.custno', /control/],
    ['arcash', { custno: 12 }, 'arcash.custno', /text/],
    ['sysdata', { int2: 12345678901 }, 'sysdata.int2', /numeric\(10,0\)/],
    ['arcust', { company: 'Renamed' }, 'arcust.company', /a field Settle writes/],
  ] as const)('%s %j fails on %s', (table, row, field, rule) => {
    const error = failure(() => validateWrite(table, row as never));
    expect(error.field).toBe(field);
    expect(error.rule).toMatch(rule);
  });

  it('knows which fields are dates', () => {
    expect(dateFields('arcash')).toEqual(['dtepaid', 'adddate']);
    expect(dateFields('arcust')).toEqual(['lastpay']);
  });
});
