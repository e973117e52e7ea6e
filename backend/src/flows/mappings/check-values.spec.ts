import { describe, expect, it } from 'vitest';
import { REDACTED_CARD_NUMBER, withLuhnCheckDigit } from '../../platform/card-data/card-numbers.js';
import { SAGE_MONEY_RULE } from '../../sagepro/money.js';
import { checkValues, shownValue } from './check-values.js';

const USD = { currency: 'USD' };

describe('checkValues', () => {
  it('turns good values into Sage Pro’s form', () => {
    expect(checkValues('cash_receipt', { dtepaid: '2026-10-31', disamt: 250, cashacct: ' 1010 ' }, USD)).toEqual({
      ok: true,
      values: { dtepaid: '2026-10-31', disamt: '2.5000', cashacct: '1010' },
      errors: [],
    });
    expect(checkValues('sales_order_line', { price: 1200, qtyord: 2.5, item: 'BRK-1001' }, { currency: 'JPY' }).values).toEqual({ price: '1200.0000', qtyord: 2.5, item: 'BRK-1001' });
    expect(checkValues('sales_order_line', { price: '12.34' }, USD).values).toEqual({ price: '12.3400' });
    expect(checkValues('customer', { credlimit: '1.005' }, { currency: 'KWD' }).values).toEqual({ credlimit: '1.0050' });
    expect(checkValues('customer', { zip: 62701 }, USD).values).toEqual({ zip: '62701' });
  });

  it('names the rule, the Sage Pro field, the value and the rule a too-wide value breaks', () => {
    expect(checkValues('customer', { custno: 'ACME-HW' }, USD)).toEqual({
      ok: false,
      values: {},
      errors: [
        {
          rule: 'customer.custno',
          field: 'arcust.custno',
          value: '"ACME-HW"',
          broken: 'char(6): at most 6 characters',
          message: 'customer.custno (arcust.custno) "ACME-HW" breaks char(6): at most 6 characters',
        },
      ],
    });
  });

  it('names values of the wrong type, every one of them', () => {
    const result = checkValues(
      'sales_order_line',
      { item: 'BRK-1001', qtyord: '1.005', price: 12.5, descrip: true, loctid: ['MAIN'] },
      USD,
    );
    expect(result.values).toEqual({ item: 'BRK-1001' });
    expect(result.errors.map((error) => [error.rule, error.broken])).toEqual([
      ['sales_order_line.qtyord', 'numeric(12,2)'],
      ['sales_order_line.price', `money: whole minor units of USD (a number) or the amount as decimal text; ${SAGE_MONEY_RULE}`],
      ['sales_order_line.descrip', 'char(30): text'],
      ['sales_order_line.loctid', 'char(6): text'],
    ]);
    expect(checkValues('cash_receipt', { dtepaid: '2026-02-30' }, USD).errors[0]).toMatchObject({ field: 'arcash.dtepaid', broken: 'date: YYYY-MM-DD' });
    expect(checkValues('cash_receipt', { dtepaid: 20261031 }, USD).errors[0]).toMatchObject({ broken: 'date: YYYY-MM-DD' });
    expect(checkValues('cash_receipt', { disamt: '0.005' }, USD).errors[0]).toMatchObject({ rule: 'cash_receipt.disamt', value: '"0.005"' });
    expect(checkValues('sales_order_line', { price: 2 ** 60 }, USD).errors[0]).toMatchObject({ rule: 'sales_order_line.price' });
    expect(checkValues('sales_order_line', { item: 'BRK\u00001001' }, USD).errors[0]).toMatchObject({ broken: 'char(25): no control characters' });
  });

  it('needs a value where Sage Pro does, and writes blank text elsewhere', () => {
    const result = checkValues('sales_order_line', { item: '  ', qtyord: null, descrip: undefined, glsale: null }, USD);
    expect(result.errors.map((error) => [error.rule, error.broken])).toEqual([
      ['sales_order_line.item', 'char(25): a value (Sage Pro needs one)'],
      ['sales_order_line.qtyord', 'numeric(12,2): a value (Sage Pro needs one)'],
    ]);
    expect(result.values).toEqual({ descrip: '', glsale: '' });
    expect(checkValues('cash_receipt', { disamt: null }, USD)).toEqual({ ok: true, values: {}, errors: [] });
  });

  it('never writes or shows a card number', () => {
    const card = withLuhnCheckDigit('411111111111111');
    const [text] = checkValues('sales_order', { notes: `Paid with ${card}` }, USD).errors;
    expect(text.broken).toMatch(/no card number/);
    expect(text.message).not.toContain(card);
    expect(text.value).toContain(REDACTED_CARD_NUMBER);
    const [money] = checkValues('sales_order_line', { price: Number(card) }, USD).errors;
    expect(money.value).not.toContain(card);
  });

  it('cuts long values to 40 characters', () => {
    const [error] = checkValues('sales_order_line', { descrip: 'x'.repeat(100) }, USD).errors;
    expect(error.value).toHaveLength(40);
    expect(error.value.endsWith('…')).toBe(true);
    expect(shownValue(undefined)).toBe('undefined');
  });

  it('refuses fields Settle sets and fields the record does not have', () => {
    const result = checkValues('cash_receipt', { paidamt: 100, checkno: '1' }, USD);
    expect(result.errors.map((error) => [error.rule, error.field])).toEqual([
      ['cash_receipt.paidamt', 'arcash.paidamt'],
      ['cash_receipt.checkno', 'cash_receipt.checkno'],
    ]);
    expect(result.errors[0].broken).toMatch(/^set by Settle: /);
  });

  it('checks the order status against somast for an invoice status', () => {
    expect(checkValues('invoice_status', { orderstat: 'PAID' }, USD).values).toEqual({ orderstat: 'PAID' });
    expect(checkValues('invoice_status', { orderstat: 'P'.repeat(21) }, USD).errors[0]).toMatchObject({ field: 'somast.orderstat', broken: 'char(20): at most 20 characters' });
  });
});
