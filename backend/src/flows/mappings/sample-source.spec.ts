import { describe, expect, it } from 'vitest';
import { containsCardNumber } from '../../platform/card-data/card-numbers.js';
import { matchConfig, TRIGGERS } from '../definition/flow-definition.js';
import { checkMatchConfig, referenceQueries } from '../transformations/reference-matching.js';
import { checkValues } from './check-values.js';
import { compileMappings } from './compile-mapping.js';
import { evaluateAll } from './evaluate-mapping.js';
import { sampleOrderEvent, samplePaymentEvent, sampleSource } from './sample-source.js';

describe('sample sources', () => {
  it('give a payment event of each payment trigger', () => {
    expect(TRIGGERS.payment_sync.map((trigger) => sampleSource('payment_sync', trigger).type)).toEqual([
      'payment.approved', 'payment.declined', 'payment.refunded', 'payment.voided', 'payment.charged_back', 'payment.settled',
    ]);
    expect(samplePaymentEvent('refunded')).toMatchObject({ transactionId: '123456790', originalTransactionId: '123456789' });
    expect(samplePaymentEvent('voided')).toMatchObject({ transactionId: '123456789' });
    expect(samplePaymentEvent('voided')).not.toHaveProperty('originalTransactionId');
    expect(samplePaymentEvent('declined').reason).toBeTruthy();
    expect(sampleSource('payment_sync')).toEqual(samplePaymentEvent('approved'));
  });

  it("carry the payer's texts a PayTrace payment has, so match rules on them find something to read", () => {
    const rules = matchConfig.parse({
      references: [
        { source: 'fields.description', extract: 'INV-(\\d+)', target: 'invoice_number' },
        { source: 'fields.customer_reference_id', target: 'po_number' },
        { source: 'fields.invoice_id', target: 'order_number' },
      ],
      customerAmount: null,
    });
    expect(checkMatchConfig(rules)).toEqual([]);
    for (const trigger of TRIGGERS.payment_sync) {
      expect(referenceQueries(samplePaymentEvent(trigger), rules, { referenceField: 'documentNumber', windowDays: 3, timeZone: 'UTC' })).toEqual([
        { rule: 'invoice_number', query: { invno: '1001' } },
        { rule: 'po_number', query: { ponum: 'PO-59119' } },
        { rule: 'order_number', query: { sono: '1001' } },
      ]);
    }
  });

  it('give an order event with lines whose total is the order’s', () => {
    const order = sampleSource('order_to_cash', 'order_created');
    expect(order).toEqual(sampleOrderEvent());
    if (order.type !== 'order.created') throw new Error('an order');
    expect(order.lines.reduce((sum, line) => sum + line.quantity * line.priceMinor, 0)).toBe(order.totalMinor);
  });

  it('hold no card number and stay the same from call to call', () => {
    for (const source of [...TRIGGERS.payment_sync.map((trigger) => samplePaymentEvent(trigger)), sampleOrderEvent()]) {
      expect(containsCardNumber(JSON.stringify(source))).toBe(false);
    }
    expect(sampleOrderEvent()).toEqual(sampleOrderEvent());
  });

  it('map through a typical order-to-cash mapping to values Sage Pro accepts', async () => {
    const compiled = compileMappings({
      customer: { company: { kind: 'path', path: 'customer.company' }, email: { kind: 'path', path: 'customer.email' }, zip: { kind: 'path', path: 'billingAddress.zip' } },
      sales_order: { ponum: { kind: 'path', path: 'orderNumber' }, sodate: { kind: 'expression', expression: '$substring(occurredAt, 0, 10)' } },
      sales_order_line: { item: { kind: 'path', path: 'lines[].sku' }, qtyord: { kind: 'path', path: 'lines[].quantity' }, price: { kind: 'path', path: 'lines[].priceMinor' }, descrip: { kind: 'path', path: 'lines[].title' } },
    });
    if (!compiled.ok) throw new Error('compiles');
    const all = await evaluateAll(compiled.compiled, sampleOrderEvent());
    const checked = [
      ...Object.values(all.records).map((record) => checkValues(record.record, record.values, { currency: 'USD' })),
      ...(all.lines ?? []).map((line) => checkValues('sales_order_line', line.values, { currency: 'USD' })),
    ];
    expect(checked.flatMap((result) => result.errors)).toEqual([]);
    expect(checked.at(-1)?.values).toEqual({ item: 'CST-2001', qtyord: 1, price: '12.5000', descrip: 'Swivel caster 3 in' });
  });
});
