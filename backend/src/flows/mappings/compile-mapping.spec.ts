import { describe, expect, it } from 'vitest';
import type { FieldMappings } from '../definition/flow-definition.js';
import { compileMappings, compileRule, type MappingError } from './compile-mapping.js';

function errorsOf(mappings: FieldMappings): MappingError[] {
  const result = compileMappings(mappings);
  if (result.ok) throw new Error('expected compile errors');
  return result.errors;
}

describe('compileMappings', () => {
  it('compiles every kind of rule', () => {
    const result = compileMappings({
      cash_receipt: { dtepaid: { kind: 'expression', expression: '$substring(occurredAt, 0, 10)' }, cashacct: { kind: 'lookup', path: 'method', table: { card: '1010', ach: '1015' }, otherwise: null } },
      sales_order: { ponum: { kind: 'path', path: 'orderNumber' }, shipvia: { kind: 'constant', value: 'UPS' } },
      sales_order_line: { item: { kind: 'path', path: 'lines[].sku' }, price: { kind: 'path', path: 'lines[].priceMinor' } },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.compiled.records.cash_receipt?.map((field) => [field.field, field.rule.kind])).toEqual([['dtepaid', 'expression'], ['cashacct', 'lookup']]);
    expect(result.compiled.linesPath).toBe('lines');
  });

  it('reports a JSONata syntax error with its position, naming the rule', () => {
    expect(errorsOf({ cash_receipt: { dtepaid: { kind: 'expression', expression: '$sum(' } } })).toEqual([
      { record: 'cash_receipt', field: 'dtepaid', rule: 'cash_receipt.dtepaid', position: 5, message: 'cash_receipt.dtepaid: expression error at position 5: S0203 Expected ")" before end of expression' },
    ]);
    const [unterminated] = errorsOf({ sales_order: { notes: { kind: 'expression', expression: '"Order " & orderNumber & "' } } });
    expect(unterminated).toMatchObject({ rule: 'sales_order.notes', position: 26 });
    expect(unterminated.message).toContain('String literal must be terminated');
  });

  it('reports every bad rule at once', () => {
    const errors = errorsOf({
      cash_receipt: { dtepaid: { kind: 'expression', expression: '(' }, disamt: { kind: 'expression', expression: '1 +' } },
      customer: { company: { kind: 'path', path: 'customer.' } },
    });
    expect(errors.map((error) => error.rule)).toEqual(['cash_receipt.dtepaid', 'cash_receipt.disamt', 'customer.company']);
  });

  it('refuses a field that is not in the catalogue, naming it', () => {
    const [error] = errorsOf({ cash_receipt: { checkno: { kind: 'constant', value: '1' } } });
    expect(error.rule).toBe('cash_receipt.checkno');
    expect(error.message).toMatch(/^cash_receipt\.checkno: not a field of cash_receipt \(custno, invno, refno, dtepaid/);
  });

  it('checks constants against the field’s rule when saved (money waits for its currency)', () => {
    const errors = errorsOf({ sales_order: { shipvia: { kind: 'constant', value: 'UPS GROUND EXPRESS' }, sodate: { kind: 'constant', value: '31/10/2026' }, ordate: { kind: 'constant', value: null } } });
    expect(errors.map((error) => error.message)).toEqual([
      'sales_order.shipvia: the constant "UPS GROUND EXPRESS" breaks char(12): at most 12 characters',
      'sales_order.sodate: the constant "31/10/2026" breaks date: YYYY-MM-DD',
      'sales_order.ordate: the constant null breaks date: a value (Sage Pro needs one)',
    ]);
    expect(compileMappings({ sales_order_line: { price: { kind: 'constant', value: 100 } }, sales_order: { shipvia: { kind: 'constant', value: null } } }).ok).toBe(true);
  });

  it('refuses a record that is not a target', () => {
    const [error] = errorsOf({ purchase_order: { vendno: { kind: 'constant', value: 'V1' } } } as unknown as FieldMappings);
    expect(error).toMatchObject({ record: 'purchase_order', rule: 'purchase_order' });
  });

  it('refuses a field Settle sets itself, saying why', () => {
    const errors = errorsOf({ cash_receipt: { refno: { kind: 'constant', value: 'X' }, paidamt: { kind: 'path', path: 'amountMinor' } }, customer: { adduser: { kind: 'constant', value: 'ME' } } });
    expect(errors.map((error) => error.rule)).toEqual(['cash_receipt.refno', 'cash_receipt.paidamt', 'customer.adduser']);
    expect(errors[0].message).toBe('cash_receipt.refno: set by Settle, not by a mapping: exactly once: a retry finds what Settle already wrote by this reference');
  });

  it('reports a path that does not parse at its position', () => {
    const [error] = errorsOf({ customer: { email: { kind: 'lookup', path: 'customer[x]', table: {}, otherwise: null } } });
    expect(error).toMatchObject({ rule: 'customer.email', position: 9 });
  });

  it('keeps "[]" for per-line records and one source array for all lines', () => {
    const [single] = errorsOf({ sales_order: { ponum: { kind: 'path', path: 'lines[].sku' } } });
    expect(single).toMatchObject({ rule: 'sales_order.ponum', position: 5 });
    const [mixed] = errorsOf({ sales_order_line: { item: { kind: 'path', path: 'lines[].sku' }, descrip: { kind: 'path', path: 'items[].title' } } });
    expect(mixed.message).toBe('sales_order_line.descrip: walks items[] but other lines walk lines[]; one source array gives the lines');
  });

  it('refuses a regular expression that could backtrack for hours', () => {
    const [error] = errorsOf({ sales_order: { ponum: { kind: 'expression', expression: '$match(orderNumber, /^(\\d+)+$/).match' } } });
    expect(error.rule).toBe('sales_order.ponum');
    expect(error.message).toContain('/^(\\d+)+$/');
    expect(error.position).toBeGreaterThan(0);
    expect(compileRule('sales_order', 'ponum', { kind: 'expression', expression: '$match(orderNumber, /^#(\\d+)$/).groups[0]' })).toHaveProperty('field');
  });
});
