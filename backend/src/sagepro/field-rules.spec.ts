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

  it('never writes a card number into a text field, and does not repeat it in the error', () => {
    const error = failure(() => validateWrite('arcust', { comment: '<Settle SHOP:4111111111111111:C>' }));
    expect(error.field).toBe('arcust.comment');
    expect(error.rule).toMatch(/no card number/);
    expect(error.message).not.toContain('4111111111111111');
    expect(() => validateWrite('somast', { notes: 'paid by 4111 1111.1111-1111' })).toThrow(/somast\.notes/);
    expect(() => validateWrite('arcust', { comment: '<Settle SHOP:tok-abcdefghijklmnop:C>' })).not.toThrow();
  });

  it.each([
    ['ardist', { amount: '12.34' }, 'ardist.amount', /numeric\(16,4\)/],
    ['ardist', { amount: '1234567890123.0000' }, 'ardist.amount', /numeric\(16,4\)/],
    ['armast', { dtepaid: '2026-02-30' }, 'armast.dtepaid', /date/],
    ['arcash', { custno: 'CUST\n1' }, 'arcash.custno', /control/],
    ['arcash', { custno: 12 }, 'arcash.custno', /text/],
    ['sysdata', { int2: 12345678901 }, 'sysdata.int2', /numeric\(10,0\)/],
    ['arcust', { ytdsls: '1.0000' }, 'arcust.ytdsls', /a field Settle writes/],
    ['arcust', { company: 'C'.repeat(36) }, 'arcust.company', /^char\(35\): at most 35 characters$/],
    ['arcust', { custno: 'ABCDEFG' }, 'arcust.custno', /^char\(6\)/],
    ['arcust', { email: 'a@b.example\u0000' }, 'arcust.email', /memo/],
    ['arcust', { pdisc: '2.0001' }, 'arcust.pdisc', /numeric\(7,3\)/],
    ['arcust', { pnet: 1000 }, 'arcust.pnet', /numeric\(3,0\)/],
    ['sotran', { qtyord: '1.234' }, 'sotran.qtyord', /numeric\(12,2\)/],
    ['sotran', { item: 'I'.repeat(26) }, 'sotran.item', /char\(25\)/],
    ['soaddr', { email: `${'x'.repeat(55)}@b.com` }, 'soaddr.email', /char\(60\)/],
    ['iciloc', { lsoaloc: '12345678901.00' }, 'iciloc.lsoaloc', /numeric\(12,2\)/],
  ] as const)('%s %j fails on %s', (table, row, field, rule) => {
    const error = failure(() => validateWrite(table, row as never));
    expect(error.field).toBe(field);
    expect(error.rule).toMatch(rule);
  });

  it('takes memo text with line breaks, and quantities with two decimals', () => {
    expect(() => validateWrite('somast', { notes: '<Settle WEB-1>\r\nLeave at the back door\tthanks' })).not.toThrow();
    expect(() => validateWrite('sotran', { qtyord: '12.50', tranlineno: 9999, exchrat: 1 })).not.toThrow();
    expect(() => validateWrite('arcust', { pdisc: 2, pdays: 10, pnet: 30, email: '' })).not.toThrow();
  });

  it('knows which fields are dates', () => {
    expect(dateFields('arcash')).toEqual(['dtepaid', 'adddate']);
    expect(dateFields('arcust')).toEqual(['entered', 'lastpay', 'adddate']);
    expect(dateFields('sotran')).toEqual(['ordate', 'rqdate', 'adddate']);
  });
});
