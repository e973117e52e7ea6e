import { describe, expect, it } from 'vitest';
import { evaluateRule } from './rule-evaluation.js';

const order = { currency: 'USD', created_at: '2026-10-31T15:04:05Z', po_number: 'PO-1', line_items: [{ sku: 'BRK-1001', quantity: 2 }, { sku: 'CST-2001', quantity: 1 }] };

describe('evaluateRule', () => {
  it('evaluates an expression on the sample', async () => {
    expect(await evaluateRule('sales_order', 'ponum', { kind: 'expression', expression: '"X-" & po_number' }, order)).toEqual({ value: 'X-PO-1', error: null });
  });

  it('gives a broken expression as an error with its position, not a throw', async () => {
    const result = await evaluateRule('sales_order', 'ponum', { kind: 'expression', expression: 'po_number & (' }, order);
    expect(result.value).toBeNull();
    expect(result.error?.position).toBeTypeOf('number');
    expect(result.error?.message).toContain('sales_order.ponum');
  });

  it('evaluates a per-line rule once per line of the array it walks', async () => {
    expect(await evaluateRule('sales_order_line', 'item', { kind: 'path', path: 'line_items[].sku' }, order)).toEqual({ value: ['BRK-1001', 'CST-2001'], error: null });
    expect(await evaluateRule('sales_order_line', 'qtyord', { kind: 'expression', expression: 'quantity * 2' }, order)).toEqual({ value: [4, 2], error: null });
  });

  it('refuses a field Settle sets, quoting why', async () => {
    const result = await evaluateRule('cash_receipt', 'invno', { kind: 'path', path: 'invoice_id' }, { invoice_id: '1001' });
    expect(result.error?.message).toMatch(/set by Settle/);
  });

  it('flags a value that breaks the field rule', async () => {
    const result = await evaluateRule('sales_order', 'ponum', { kind: 'constant', value: 'x'.repeat(21) }, order);
    expect(result.error).not.toBeNull();
    const mapped = await evaluateRule('sales_order', 'ponum', { kind: 'expression', expression: '$pad("", 30, "y")' }, order);
    expect(mapped.error?.message).toMatch(/ponum/);
  });

  it('ends a runaway expression with an error (the guardrails)', async () => {
    const result = await evaluateRule('sales_order', 'ponum', { kind: 'expression', expression: '$count([1..100000000])' }, order);
    expect(result.error).not.toBeNull();
  });
});
