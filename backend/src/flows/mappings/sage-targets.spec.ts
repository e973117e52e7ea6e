import { describe, expect, it } from 'vitest';
import { FIELD_RULES } from '../../sagepro/field-rules.js';
import { TARGET_RECORDS } from '../definition/flow-definition.js';
import { mappableFields, ruleText, SAGE_TARGETS, targetField } from './sage-targets.js';

const WHOLE_TABLES = { cash_receipt: 'arcash', customer: 'arcust', sales_order: 'somast', sales_order_line: 'sotran', gl_distribution: 'ardist' } as const;

describe('the Sage Pro target catalogue', () => {
  it('has every target record of the flow model', () => {
    expect(Object.keys(SAGE_TARGETS).sort()).toEqual([...TARGET_RECORDS].sort());
  });

  it('lists every field the connector writes to each whole table, once, with the connector’s own rule', () => {
    for (const [record, table] of Object.entries(WHOLE_TABLES) as [keyof typeof WHOLE_TABLES, keyof typeof FIELD_RULES][]) {
      const fields = SAGE_TARGETS[record].fields;
      expect(fields.map((field) => field.name).sort(), record).toEqual(Object.keys(FIELD_RULES[table]).sort());
      for (const field of fields) {
        expect(field.table).toBe(table);
        expect(field.rule).toBe((FIELD_RULES[table] as Record<string, unknown>)[field.name]);
      }
    }
  });

  it('takes the invoice status from armast and the order status from somast', () => {
    expect(targetField('invoice_status', 'refno')).toMatchObject({ table: 'armast', rule: { type: 'char', width: 20 } });
    expect(targetField('invoice_status', 'orderstat')).toMatchObject({ table: 'somast', rule: { type: 'char', width: 20 } });
    expect(mappableFields('invoice_status').map((field) => field.name)).toEqual(['orderstat']);
  });

  it('keeps keys, references, stamps and computed money for Settle', () => {
    for (const name of ['custno', 'invno', 'refno', 'paidamt', 'arsess', 'currid', 'adduser', 'adddate', 'addtime']) {
      expect(targetField('cash_receipt', name)?.settleOwns, name).toBeTruthy();
    }
    for (const name of ['comment', 'balance', 'onorder', 'credstat', 'entered']) expect(targetField('customer', name)?.settleOwns, name).toBeTruthy();
    for (const name of ['sono', 'tranlineno', 'extprice', 'bprice', 'cost']) expect(targetField('sales_order_line', name)?.settleOwns, name).toBeTruthy();
    expect(targetField('gl_distribution', 'amount')?.settleOwns).toBeTruthy();
  });

  it('lets a mapping set what the connector takes from its caller', () => {
    expect(mappableFields('cash_receipt').map((field) => field.name)).toEqual(['dtepaid', 'disamt', 'cashacct']);
    expect(mappableFields('sales_order_line').map((field) => field.name)).toEqual(['item', 'descrip', 'loctid', 'qtyord', 'price', 'glsale']);
    expect(mappableFields('sales_order').map((field) => field.name)).toEqual(['orderstat', 'ponum', 'sodate', 'ordate', 'shipvia', 'notes']);
    expect(mappableFields('gl_distribution').map((field) => field.name)).toEqual(['descrip']);
  });

  it('describes every field, gives every required mappable field a default and every owned field a reason', () => {
    for (const record of TARGET_RECORDS) {
      for (const field of SAGE_TARGETS[record].fields) {
        const name = `${record}.${field.name}`;
        expect(field.description.length, name).toBeGreaterThan(5);
        expect(field.record).toBe(record);
        if (field.settleOwns === undefined) expect(field.defaultValue, name).toBeTruthy();
        else expect(field.defaultValue, name).toBeUndefined();
      }
    }
  });

  it('marks only sales order lines as per line', () => {
    expect(TARGET_RECORDS.filter((record) => SAGE_TARGETS[record].perLine)).toEqual(['sales_order_line']);
  });

  it('answers no field for an unknown record or name', () => {
    expect(targetField('cash_receipt', 'nosuch')).toBeUndefined();
    expect(targetField('nosuch', 'custno')).toBeUndefined();
  });

  it('reads rules as people write them', () => {
    expect(ruleText(FIELD_RULES.arcash.custno)).toBe('char(6)');
    expect(ruleText(FIELD_RULES.sotran.qtyord)).toBe('numeric(12,2)');
    expect(ruleText(FIELD_RULES.arcash.paidamt)).toBe('money');
    expect(ruleText(FIELD_RULES.arcash.dtepaid)).toBe('date');
    expect(ruleText(FIELD_RULES.arcust.email)).toBe('memo');
  });
});
