import { describe, expect, it } from 'vitest';
import { planBatchStatuses, type StatusInvoice, type StatusItem, type StatusOrder } from './batch-status.js';
import { DEFAULT_STATUS_CODES, type PaymentStatusOptions } from './payment-status.js';

const options: PaymentStatusOptions = { orderField: 'orderstat', invoiceField: 'refno', codes: DEFAULT_STATUS_CODES };
const invoice = (id: number, extra: Partial<StatusInvoice> = {}): StatusInvoice => ({ id, invno: String(1000 + id).padStart(10), ornum: '', refno: '', lckstat: '', lckuser: '', ...extra });
const item = (index: number, on: StatusInvoice, status: StatusItem['status'], reference: string): StatusItem => ({ index, invoice: on, status, reference });
const order = (id: number, sono: string, extra: Partial<StatusOrder> = {}): StatusOrder => ({ id, sono: sono.padStart(10), orderstat: 'OPEN', lckstat: '', lckuser: '', ...extra });
const CODES = ['OPEN', 'PAID', 'PARTPAID', 'PAYFAIL', 'REFUNDED', 'CHGBACK'];

describe('planBatchStatuses', () => {
  it('writes each invoice its status and reference, answering Applied', () => {
    const plan = planBatchStatuses([item(0, invoice(7), 'paid', 'PT1'), item(1, invoice(8), 'partly_paid', 'PT2')], options, new Map(), []);
    expect([...plan.invoiceTexts]).toEqual([[7, 'PAID PT1'], [8, 'PARTPAID PT2']]);
    expect(plan.outcomes.get(0)).toEqual({ kind: 'Applied', records: { invoice: { invno: '1007', field: 'armast.refno', text: 'PAID PT1' } } });
    expect(plan.orderCodes.size).toBe(0);
  });

  it('two payments on one invoice: each sees what the one before left, the last one shows', () => {
    const shared = invoice(7);
    const plan = planBatchStatuses([item(0, shared, 'partly_paid', 'PT1'), item(1, shared, 'paid', 'PT2')], options, new Map(), []);
    expect(plan.invoiceTexts.get(7)).toBe('PAID PT2');
    expect(plan.outcomes.get(0)?.kind).toBe('Applied');
    expect(plan.outcomes.get(1)?.kind).toBe('Applied');
  });

  it('a status the invoice already shows is AlreadyApplied and writes nothing', () => {
    const plan = planBatchStatuses([item(0, invoice(7, { refno: 'PAID PT1'.padEnd(20) }), 'paid', 'PT1')], options, new Map(), []);
    expect(plan.outcomes.get(0)?.kind).toBe('AlreadyApplied');
    expect(plan.invoiceTexts.size).toBe(0);
  });

  it('refuses one item on its own: a reference a person typed, a user lock; the others go ahead', () => {
    const plan = planBatchStatuses(
      [item(0, invoice(7, { refno: 'CHECK 10452' }), 'paid', 'PT1'), item(1, invoice(8, { lckstat: 'L', lckuser: 'ANN' }), 'paid', 'PT2'), item(2, invoice(9), 'paid', 'PT3')],
      options,
      new Map(),
      [],
    );
    expect(plan.outcomes.get(0)).toMatchObject({ kind: 'Failed', error: { kind: 'field_in_use', field: 'armast.refno' } });
    expect(plan.outcomes.get(1)).toMatchObject({ kind: 'Failed', error: { kind: 'record_locked' } });
    expect([...plan.invoiceTexts]).toEqual([[9, 'PAID PT3']]);
  });

  it("marks the invoice's order, once per order, with a code the company has", () => {
    const orders = new Map([['5001', order(11, '5001')]]);
    const plan = planBatchStatuses([item(0, invoice(7, { ornum: '      5001' }), 'paid', 'PT1')], options, orders, CODES);
    expect([...plan.orderCodes]).toEqual([[11, 'PAID']]);
    expect(plan.outcomes.get(0)).toMatchObject({ kind: 'Applied', records: { order: { sono: '5001', orderstat: 'PAID' } } });
  });

  it("a flow's order status replaces the status's code on the order, the invoice keeps the status text", () => {
    const orders = new Map([['5001', order(11, '5001')]]);
    const plan = planBatchStatuses([{ ...item(0, invoice(7, { ornum: '5001' }), 'paid', 'PT1'), orderStatus: 'SHIPNOW' }], options, orders, [...CODES, 'SHIPNOW']);
    expect([...plan.orderCodes]).toEqual([[11, 'SHIPNOW']]);
    expect([...plan.invoiceTexts]).toEqual([[7, 'PAID PT1']]);
    const unknown = planBatchStatuses([{ ...item(0, invoice(7, { ornum: '5001' }), 'paid', 'PT1'), orderStatus: 'SHIPNOW' }], options, orders, CODES);
    expect(unknown.outcomes.get(0)).toMatchObject({ kind: 'Failed', error: { kind: 'unknown_status_code', value: 'SHIPNOW' } });
  });

  it('an order code the company lacks fails the whole status of that item: neither invoice nor order changes', () => {
    const orders = new Map([['5001', order(11, '5001')]]);
    const plan = planBatchStatuses([item(0, invoice(7, { ornum: '5001' }), 'paid', 'PT1')], options, orders, ['OPEN']);
    expect(plan.outcomes.get(0)).toMatchObject({ kind: 'Failed', error: { kind: 'unknown_status_code', field: 'somast.orderstat' } });
    expect(plan.invoiceTexts.size).toBe(0);
    expect(plan.orderCodes.size).toBe(0);
  });

  it('a status without a code on the connection records nothing', () => {
    const plan = planBatchStatuses([item(0, invoice(7), 'paid', 'PT1')], { ...options, codes: { failed: 'PAYFAIL' } }, new Map(), []);
    expect(plan.outcomes.get(0)).toEqual({ kind: 'AlreadyApplied', records: {} });
    expect(plan.invoiceTexts.size).toBe(0);
  });
});
