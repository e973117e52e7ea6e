import { describe, expect, it } from 'vitest';
import type { RefusedCode } from '../../sagepro/company.js';
import { checkMappedCodes, codeCheckOf, mappedCodes, orderCodes, refusedRules } from './mapped-codes.js';
import type { OrderMappedValues } from './order-inputs.js';
import { SAGE_TARGETS } from './sage-targets.js';

describe('mapped codes', () => {
  it('takes the accounts and order statuses of mapped values, blank ones left out', () => {
    expect(mappedCodes('cash_receipt', { cashacct: ' 1000 ', dtepaid: '2026-12-01' })).toEqual([{ rule: 'cash_receipt.cashacct', value: '1000', code: 'gl_account', where: '' }]);
    expect(mappedCodes('sales_order', { orderstat: '', ponum: 'WEB-1' })).toEqual([]);
  });

  it("an order's: the new customer's receivables account, the order's status and each line's sales account", () => {
    const values: OrderMappedValues = { customer: { aracct: '1200' }, sales_order: { orderstat: 'WEB' }, lines: [{ glsale: '4010' }, { glsale: '4020', item: 'A' }] };
    const codes = orderCodes(values, true);
    expect(codes.map((code) => [code.rule, code.value, code.where])).toEqual([
      ['customer.aracct', '1200', ''],
      ['sales_order.orderstat', 'WEB', ''],
      ['sales_order_line.glsale', '4010', 'line 1: '],
      ['sales_order_line.glsale', '4020', 'line 2: '],
    ]);
    expect(orderCodes(values, false).map((code) => code.rule)).not.toContain('customer.aracct');
    expect(codeCheckOf([...codes, ...codes])).toEqual({ accounts: ['1200', '4010', '4020'], orderStatuses: ['WEB'] });
  });

  it('names every rule whose value the company refused, on its line', () => {
    const codes = orderCodes({ sales_order: { orderstat: '4010' }, lines: [{ glsale: '4010' }, { glsale: '4999' }] }, false);
    const refused: RefusedCode[] = [
      { value: '4999', kind: 'missing_account', message: 'GL account 4999 is not in the chart' },
      { value: '4010', kind: 'unknown_status_code', message: 'ORDRSTAT has no code 4010' },
    ];
    expect(refusedRules(codes, refused)).toEqual([
      { rule: 'sales_order.orderstat', message: 'ORDRSTAT has no code 4010', value: '4010' },
      { rule: 'sales_order_line.glsale', message: 'line 2: GL account 4999 is not in the chart', value: '4999' },
    ]);
  });

  it('reads the company only when there is a code to check', async () => {
    let reads = 0;
    const read = async () => {
      reads += 1;
      return [];
    };
    expect(await checkMappedCodes([], read)).toEqual([]);
    expect(await checkMappedCodes(mappedCodes('sales_order_line', { glsale: '4000' }), read)).toEqual([]);
    expect(reads).toBe(1);
  });

  it('marks every account and ORDRSTAT field a mapping may set, and only mappable ones', () => {
    const coded = Object.values(SAGE_TARGETS).flatMap((spec) => spec.fields.filter((field) => field.code).map((field) => `${field.record}.${field.name}:${field.code}`));
    expect(coded.sort()).toEqual([
      'cash_receipt.cashacct:gl_account',
      'customer.aracct:gl_account',
      'invoice_status.orderstat:order_status',
      'sales_order.orderstat:order_status',
      'sales_order_line.glsale:gl_account',
    ]);
  });
});
