import { describe, expect, it } from 'vitest';
import type { FieldMappings } from '../definition/flow-definition.js';
import { compileMappings, type CompiledMappings } from './compile-mapping.js';
import { evaluateAll, evaluateLines, evaluateRecord } from './evaluate-mapping.js';
import { sampleOrderEvent, samplePaymentEvent } from './sample-source.js';

function compiled(mappings: FieldMappings): CompiledMappings {
  const result = compileMappings(mappings);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('; '));
  return result.compiled;
}

const payment = samplePaymentEvent('approved');
const order = sampleOrderEvent();

describe('evaluateRecord', () => {
  it('reads paths, returns constants and evaluates JSONata asynchronously', async () => {
    const mapping = compiled({
      customer: {
        company: { kind: 'expression', expression: '$uppercase(customer.company)' },
        email: { kind: 'path', path: 'customer.email' },
        source: { kind: 'constant', value: 'Web shop' },
        zip: { kind: 'path', path: 'billingAddress.zip' },
      },
    });
    const pending = evaluateRecord(mapping, 'customer', order);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toEqual({
      record: 'customer',
      values: { company: 'DOE FIXTURES', email: 'jane.doe@example.com', source: 'Web shop', zip: '62701' },
      fired: [
        { field: 'company', kind: 'expression' },
        { field: 'email', kind: 'path' },
        { field: 'source', kind: 'constant' },
        { field: 'zip', kind: 'path' },
      ],
      errors: [],
    });
  });

  it('looks a value up, saying which entry matched or that none did', async () => {
    const mapping = compiled({ cash_receipt: { cashacct: { kind: 'lookup', path: 'method', table: { card: '1010', ach: '1015' }, otherwise: '1000' } } });
    expect(await evaluateRecord(mapping, 'cash_receipt', payment)).toMatchObject({ values: { cashacct: '1010' }, fired: [{ field: 'cashacct', kind: 'lookup', detail: '"card"' }] });
    expect(await evaluateRecord(mapping, 'cash_receipt', { ...payment, method: 'wire' })).toMatchObject({ values: { cashacct: '1000' }, fired: [{ detail: 'otherwise' }] });
    expect(await evaluateRecord(mapping, 'cash_receipt', { amountMinor: 5 })).toMatchObject({ values: { cashacct: '1000' }, fired: [{ detail: 'otherwise' }] });
    const numeric = compiled({ cash_receipt: { cashacct: { kind: 'lookup', path: 'amountMinor', table: { '12345': '1099' }, otherwise: null } } });
    expect((await evaluateRecord(numeric, 'cash_receipt', payment)).values).toEqual({ cashacct: '1099' });
  });

  it('gives expressions the bindings the caller adds', async () => {
    const mapping = compiled({ cash_receipt: { dtepaid: { kind: 'expression', expression: '$sageDate(occurredAt)' } } });
    const sageDate = (instant: string) => instant.slice(0, 10);
    expect((await evaluateRecord(mapping, 'cash_receipt', payment, { bindings: { sageDate } })).values).toEqual({ dtepaid: '2026-10-31' });
  });

  it('reports a rule that fails and still runs the others', async () => {
    const mapping = compiled({
      cash_receipt: {
        dtepaid: { kind: 'expression', expression: '$number("soon")' },
        cashacct: { kind: 'expression', expression: 'function($x) { $x }' },
        disamt: { kind: 'constant', value: 0 },
      },
    });
    const result = await evaluateRecord(mapping, 'cash_receipt', payment);
    expect(result.values).toEqual({ disamt: 0 });
    expect(result.errors).toEqual([
      { field: 'dtepaid', message: expect.stringMatching(/^cash_receipt\.dtepaid: D3030 Unable to cast value to a number/) },
      { field: 'cashacct', message: 'cash_receipt.cashacct: the expression gives a function, not a value' },
    ]);
  });

  it('gives nothing for a record the flow does not map', async () => {
    expect(await evaluateRecord(compiled({}), 'customer', order)).toEqual({ record: 'customer', values: {}, fired: [], errors: [] });
  });

  it.each([
    ['a range too large', '$string($sum([1..10000000]))', /D2015/],
    ['a loop that runs too long', '$string($sum([1..99999].($ * 2 + $count([1..50]))))', /D1012 Evaluation timeout after 100 milliseconds/],
    ['endless tail recursion', '($f := function($n) { $f($n + 1) }; $f(0))', /D1012/],
    ['deep recursion', '($f := function($n) { $n = 0 ? "0" : $f($n - 1) & "" }; $f(100000))', /D1011 Stack overflow/],
  ])('ends %s within a second, with an error', async (_name, expression, error) => {
    const mapping = compiled({ gl_distribution: { descrip: { kind: 'expression', expression } } });
    const started = performance.now();
    const result = await evaluateRecord(mapping, 'gl_distribution', payment);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.values).toEqual({});
    expect(result.errors).toEqual([{ field: 'descrip', message: expect.stringMatching(error) }]);
  });
});

describe('evaluateLines', () => {
  const lineMapping = compiled({
    sales_order_line: {
      item: { kind: 'path', path: 'lines[].sku' },
      qtyord: { kind: 'path', path: 'lines[].quantity' },
      price: { kind: 'expression', expression: 'priceMinor' },
      descrip: { kind: 'expression', expression: '$source.orderNumber & "/" & ($index + 1) & " " & title' },
      loctid: { kind: 'constant', value: 'MAIN' },
      glsale: { kind: 'lookup', path: 'currency', table: { USD: '4000' }, otherwise: '4010' },
    },
  });

  it('evaluates the line rules once per element of the source array', async () => {
    const { lines, errors } = await evaluateLines(lineMapping, order);
    expect(errors).toEqual([]);
    expect(lines.map((line) => line.values)).toEqual([
      { item: 'BRK-1001', qtyord: 2, price: 495, descrip: '#1001/1 Steel shelf bracket 8 in', loctid: 'MAIN', glsale: '4000' },
      { item: 'CST-2001', qtyord: 1, price: 1250, descrip: '#1001/2 Swivel caster 3 in', loctid: 'MAIN', glsale: '4000' },
    ]);
    expect(lines.every((line) => line.errors.length === 0 && line.fired.length === 6)).toBe(true);
  });

  it('takes the array another path names, and says when the source has none', async () => {
    const shopify = { line_items: [{ sku: 'A-1', quantity: 3, priceMinor: 100, title: 'A' }], currency: 'USD', orderNumber: '#7' };
    const mapping = compiled({ sales_order_line: { item: { kind: 'path', path: 'line_items[].sku' } } });
    expect(mapping.linesPath).toBe('line_items');
    expect((await evaluateLines(mapping, shopify)).lines.map((line) => line.values)).toEqual([{ item: 'A-1' }]);
    expect(await evaluateLines(mapping, { line_items: 'none' })).toEqual({ lines: [], errors: [{ field: '', message: 'sales_order_line: the source has no array line_items to make lines of' }] });
    const other = await evaluateLines(mapping, { lines: [{ sku: 'B' }] }, 'lines');
    expect(other.lines[0].errors[0].message).toBe('sales_order_line.item: the path line_items[].sku walks line_items[], but the lines are made of lines');
  });

  it('is what evaluateAll gives for sales_order_line, next to the single records', async () => {
    const mapping = compiled({ sales_order: { ponum: { kind: 'path', path: 'orderNumber' } }, sales_order_line: { item: { kind: 'path', path: 'lines[].sku' } } });
    const all = await evaluateAll(mapping, order);
    expect(all.records).toEqual({ sales_order: { record: 'sales_order', values: { ponum: '#1001' }, fired: [{ field: 'ponum', kind: 'path' }], errors: [] } });
    expect(all.lines?.map((line) => line.values.item)).toEqual(['BRK-1001', 'CST-2001']);
    expect(all.errors).toEqual([]);
    expect(await evaluateAll(compiled({ sales_order: { ponum: { kind: 'path', path: 'orderNumber' } } }), order)).not.toHaveProperty('lines');
  });
});
