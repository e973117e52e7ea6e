import { describe, expect, it } from 'vitest';
import type { FieldMappings } from '../definition/flow-definition.js';
import { compileMappings, type CompiledMappings } from './compile-mapping.js';
import { compiledForVersion, mapOrder, mapsOrder } from './order-mapping.js';
import { sampleSource } from './sample-source.js';

function compiled(mappings: FieldMappings): CompiledMappings {
  const result = compileMappings(mappings);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.compiled;
}

const order = { orderNumber: '#1001', currency: 'USD', customer: { company: 'Vale Outfitters', email: 'r@vale.test' }, channel: 'web', lines: [{ sku: 'a1', title: 'First' }, { sku: 'b2', title: 'Second' }] };

describe('mapOrder', () => {
  it('evaluates and checks the customer, header and line rules, in Sage Pro’s form, naming each rule that fired', async () => {
    const mapping = await mapOrder(
      compiled({
        customer: { company: { kind: 'path', path: 'customer.company' }, terr: { kind: 'constant', value: 'WST' } },
        sales_order: { ponum: { kind: 'expression', expression: "'WEB-' & orderNumber" }, shipvia: { kind: 'lookup', path: 'channel', table: { web: 'UPS' }, otherwise: 'POST' } },
        sales_order_line: { descrip: { kind: 'expression', expression: "$uppercase(title) & ' #' & ($index + 1)" }, price: { kind: 'constant', value: 1050 } },
      }),
      order,
      { currency: 'USD', withCustomer: true },
    );
    expect(mapping.errors).toEqual([]);
    expect(mapping.values).toEqual({
      customer: { company: 'Vale Outfitters', terr: 'WST' },
      sales_order: { ponum: 'WEB-#1001', shipvia: 'UPS' },
      lines: [
        { descrip: 'FIRST #1', price: '10.5000' },
        { descrip: 'SECOND #2', price: '10.5000' },
      ],
    });
    expect(mapping.fired).toEqual([
      { rule: 'customer.company', kind: 'path' },
      { rule: 'customer.terr', kind: 'constant' },
      { rule: 'sales_order.ponum', kind: 'expression' },
      { rule: 'sales_order.shipvia', kind: 'lookup', detail: '"web"' },
      { rule: 'sales_order_line.descrip', kind: 'expression' },
      { rule: 'sales_order_line.price', kind: 'constant' },
    ]);
  });

  it('names every rule whose value breaks a field rule or whose expression fails, with the line', async () => {
    const mapping = await mapOrder(
      compiled({
        sales_order: { ponum: { kind: 'expression', expression: "'WEB-ORDER-NUMBER-' & orderNumber" } },
        sales_order_line: { descrip: { kind: 'expression', expression: '$error("no title")' } },
      }),
      order,
      { currency: 'USD', withCustomer: false },
    );
    expect(mapping.errors.map((error) => error.rule)).toEqual(['sales_order.ponum', 'sales_order_line.descrip', 'sales_order_line.descrip']);
    expect(mapping.errors[0].message).toMatch(/char\(20\)/);
    expect(mapping.errors[2].message).toMatch(/^line 2: .*no title/);
  });

  it('leaves the customer’s rules out when no customer is created', async () => {
    const mapping = await mapOrder(compiled({ customer: { company: { kind: 'expression', expression: '$error("boom")' } } }), order, { currency: 'USD', withCustomer: false });
    expect(mapping).toEqual({ values: {}, fired: [], errors: [] });
  });

  it('works on the order-to-cash sample preview uses', async () => {
    const mapping = await mapOrder(compiled({ sales_order: { ponum: { kind: 'path', path: 'orderNumber' } } }), sampleSource('order_to_cash'), { currency: 'USD', withCustomer: true });
    expect(mapping.errors).toEqual([]);
    expect(mapping.fired).toEqual([{ rule: 'sales_order.ponum', kind: 'path' }]);
  });
});

describe('mapsOrder and compiledForVersion', () => {
  it('sees order mappings only when an order record has a rule', () => {
    expect(mapsOrder(undefined)).toBe(false);
    expect(mapsOrder({ sales_order: {} })).toBe(false);
    expect(mapsOrder({ cash_receipt: { disamt: { kind: 'constant', value: 0 } } })).toBe(false);
    expect(mapsOrder({ sales_order_line: { descrip: { kind: 'constant', value: 'x' } } })).toBe(true);
  });

  it('compiles a version once, whatever definition object it arrives in', () => {
    const mappings: FieldMappings = { sales_order: { ponum: { kind: 'constant', value: 'A' } } };
    const first = compiledForVersion('version-spec-1', mappings);
    expect(compiledForVersion('version-spec-1', structuredClone(mappings))).toBe(first);
    expect(compiledForVersion(null, mappings)).toBe(compiledForVersion(null, mappings));
    expect(compiledForVersion(null, structuredClone(mappings))).not.toBe(compiledForVersion(null, mappings));
  });
});
