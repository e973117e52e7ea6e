import { describe, expect, it } from 'vitest';
import type { OpenInvoice } from '../../sagepro/company.js';
import { payTraceReference } from '../../sagepro/references.js';
import type { PaymentEvent } from '../events/settle-event.js';
import { decideDecline, decideReversal, decideSale, type ReceiptFact, type ReversalFacts, type SaleFacts } from './payment-decisions.js';

const event = (extra: Partial<PaymentEvent> = {}): PaymentEvent => ({
  type: 'payment.approved',
  transactionId: '123456789',
  amountMinor: 10_000,
  currency: 'USD',
  occurredAt: '2026-10-15T17:20:00.000Z',
  method: 'card',
  documentNumber: '1001',
  ...extra,
});

const invoice = (balanceCents: number, extra: Partial<OpenInvoice> = {}): OpenInvoice => ({
  invno: '      1001',
  custno: 'ACM100',
  invoiceDate: '2026-10-01',
  sono: '      5001',
  ponum: 'PO-77',
  amountCents: 25_000,
  paidCents: 25_000 - balanceCents,
  balanceCents,
  currency: 'USD',
  ...extra,
});

const nothingFound: SaleFacts = { match: { rule: null, choice: { kind: 'none' } }, order: null, paidInvoice: null };
const found = (open: OpenInvoice, rule: SaleFacts['match']['rule'] = 'invoice_number'): SaleFacts => ({
  ...nothingFound,
  match: { rule, choice: { kind: 'one', invoice: open } },
});
const ambiguous: SaleFacts = { ...nothingFound, match: { rule: 'po_number', choice: { kind: 'ambiguous', candidates: ['      1001', '      1002'] } } };
const settleOrder = { sono: '      5042', custno: 'WEB001' };

describe('decideSale', () => {
  it('a payment that clears the matched invoice applies to it and marks it Paid', () => {
    expect(decideSale(event(), found(invoice(10_000)), 'manual_review')).toEqual({
      kind: 'apply_to_invoice',
      invno: '      1001',
      custno: 'ACM100',
      rule: 'invoice_number',
      status: 'paid',
      target: { invno: '      1001' },
    });
  });

  it('a payment that leaves a balance marks the invoice Partly paid', () => {
    const decision = decideSale(event({ amountMinor: 4_000 }), found(invoice(10_000)), 'manual_review');
    expect(decision).toMatchObject({ kind: 'apply_to_invoice', status: 'partly_paid' });
  });

  it('an overpayment of the matched invoice still applies to it as Paid', () => {
    const decision = decideSale(event({ amountMinor: 12_500 }), found(invoice(10_000)), 'manual_review');
    expect(decision).toMatchObject({ kind: 'apply_to_invoice', status: 'paid' });
  });

  it('records the rule that found the invoice and the invoice’s own customer', () => {
    const decision = decideSale(event({ customer: { number: 'OTHER1' } }), found(invoice(10_000, { custno: 'BLU200' }), 'customer_amount_date'), 'manual_review');
    expect(decision).toMatchObject({ rule: 'customer_amount_date', custno: 'BLU200' });
  });

  it('a matched invoice wins over a Settle sales order for the same document', () => {
    const decision = decideSale(event(), { ...found(invoice(10_000)), order: settleOrder }, 'manual_review');
    expect(decision.kind).toBe('apply_to_invoice');
  });

  it('no invoice but a sales order Settle created for the shop order: applies to the order as Paid', () => {
    expect(decideSale(event({ documentNumber: '#1001' }), { ...nothingFound, order: settleOrder }, 'manual_review')).toEqual({
      kind: 'apply_to_order',
      sono: '      5042',
      custno: 'WEB001',
      rule: 'settle_sales_order',
      status: 'paid',
      target: { sono: '      5042' },
    });
  });

  it('an ambiguous match with a Settle sales order applies to the order', () => {
    expect(decideSale(event(), { ...ambiguous, order: settleOrder }, 'manual_review')).toMatchObject({ kind: 'apply_to_order', sono: '      5042' });
  });

  it('the invoice the document names was already paid by Settle: review as a potential overpayment', () => {
    const decision = decideSale(event(), { ...nothingFound, paidInvoice: '      1001' }, 'payment_on_account');
    expect(decision).toEqual({ kind: 'review', reason: 'potential_overpayment', detail: { invno: '      1001', documentNumber: '1001' } });
  });

  it('unmatched, under the payment-on-account policy, with a customer number: posts on account', () => {
    const decision = decideSale(event({ customer: { number: ' ACM100 ' } }), nothingFound, 'payment_on_account');
    expect(decision).toEqual({ kind: 'on_account', custno: 'ACM100', rule: 'unmatched_to_account' });
  });

  it('unmatched, under the payment-on-account policy, without a customer number: manual review', () => {
    expect(decideSale(event({ customer: { email: 'ap@acme.example' } }), nothingFound, 'payment_on_account')).toEqual({
      kind: 'review',
      reason: 'invoice_not_found',
      detail: { documentNumber: '1001', candidates: [] },
    });
    expect(decideSale(event({ customer: { number: '   ' } }), nothingFound, 'payment_on_account')).toMatchObject({ kind: 'review', reason: 'invoice_not_found' });
  });

  it('unmatched under the manual-review policy goes to review even with a customer number', () => {
    const decision = decideSale(event({ documentNumber: undefined, customer: { number: 'ACM100' } }), nothingFound, 'manual_review');
    expect(decision).toEqual({ kind: 'review', reason: 'invoice_not_found', detail: { documentNumber: null, candidates: [] } });
  });

  it('an ambiguous match goes to review with its candidates for a person to pick', () => {
    expect(decideSale(event(), ambiguous, 'manual_review')).toEqual({
      kind: 'review',
      reason: 'invoice_not_found',
      detail: { documentNumber: '1001', candidates: ['      1001', '      1002'] },
    });
  });
});

describe('decideDecline', () => {
  it('marks the matched invoice Payment Failed', () => {
    expect(decideDecline(found(invoice(10_000)))).toEqual({ status: 'failed', target: { invno: '      1001' } });
  });

  it('marks the Settle sales order Payment Failed when no invoice matched', () => {
    expect(decideDecline({ ...nothingFound, order: settleOrder })).toEqual({ status: 'failed', target: { sono: '      5042' } });
  });

  it('prefers the invoice over the order', () => {
    expect(decideDecline({ ...found(invoice(10_000)), order: settleOrder }).target).toEqual({ invno: '      1001' });
  });

  it('with nothing matched (or an ambiguous match) there is nothing to mark', () => {
    expect(decideDecline(nothingFound)).toEqual({ status: 'failed', target: null });
    expect(decideDecline(ambiguous)).toEqual({ status: 'failed', target: null });
  });
});

describe('decideReversal', () => {
  const receipt: ReceiptFact = { reference: 'PT123456789', invno: '      1001', sono: '      5001', custno: 'ACM100', amountMinor: 10_000 };
  const settled = (extra: Partial<ReversalFacts> = {}): ReversalFacts => ({ receipt, saleOutstanding: false, waitedMs: 0, maxWaitMs: 600_000, ...extra });
  const refund = (extra: Partial<PaymentEvent> = {}) =>
    event({ type: 'payment.refunded', transactionId: '123456800', originalTransactionId: '123456789', amountMinor: 4_000, ...extra });
  const voided = (extra: Partial<PaymentEvent> = {}) => event({ type: 'payment.voided', ...extra });
  const chargeback = (extra: Partial<PaymentEvent> = {}) =>
    event({ type: 'payment.charged_back', transactionId: '123456900', originalTransactionId: '123456789', reason: 'Fraud - card absent', ...extra });

  it('a refund reverses part of the receipt under the refund’s own reference and marks it Refunded', () => {
    expect(decideReversal(refund(), settled(), '2026-10-20')).toEqual({
      kind: 'reverse',
      reversal: { kind: 'refund', reference: 'PT123456800', receiptReference: 'PT123456789', amountCents: 4_000, date: '2026-10-20' },
      status: 'refunded',
      target: { invno: '      1001' },
      dispute: false,
    });
  });

  it('a refund larger than the receipt is capped at the receipt', () => {
    const decision = decideReversal(refund({ amountMinor: 15_000 }), settled(), '2026-10-20');
    expect(decision.kind === 'reverse' && decision.reversal.amountCents).toBe(10_000);
  });

  it('a void reverses the whole receipt (no amount) under PT<id>-V', () => {
    expect(decideReversal(voided(), settled(), '2026-10-16')).toEqual({
      kind: 'reverse',
      reversal: { kind: 'void', reference: 'PT123456789-V', receiptReference: 'PT123456789', amountCents: undefined, date: '2026-10-16' },
      status: 'refunded',
      target: { invno: '      1001' },
      dispute: false,
    });
  });

  it('a chargeback reverses under PT<id>-CB, marks Charged back and records a dispute', () => {
    expect(decideReversal(chargeback(), settled(), '2026-11-02')).toEqual({
      kind: 'reverse',
      reversal: { kind: 'chargeback', reference: 'PT123456900-CB', receiptReference: 'PT123456789', amountCents: 10_000, date: '2026-11-02' },
      status: 'charged_back',
      target: { invno: '      1001' },
      dispute: true,
    });
  });

  it('the three references stay apart from the receipt and from each other', () => {
    const references = [refund(), voided(), chargeback({ transactionId: '123456789' })].map((e) => {
      const decision = decideReversal(e, settled(), '2026-10-20');
      return decision.kind === 'reverse' ? decision.reversal.reference : null;
    });
    expect(references).toEqual(['PT123456800', 'PT123456789-V', 'PT123456789-CB']);
    expect(new Set([...references, receipt.reference]).size).toBe(4);
    expect(references[1]).toBe(payTraceReference(123456789, 'void'));
  });

  it('a receipt without an invoice targets its order; without either, nothing to mark', () => {
    const onOrder = decideReversal(refund(), settled({ receipt: { ...receipt, invno: null } }), '2026-10-20');
    expect(onOrder).toMatchObject({ kind: 'reverse', target: { sono: '      5001' } });
    const onAccount = decideReversal(refund(), settled({ receipt: { ...receipt, invno: null, sono: null } }), '2026-10-20');
    expect(onAccount).toMatchObject({ kind: 'reverse', target: {} });
  });

  it('a void of a sale Settle never wrote a receipt for (and is not syncing) needs nothing', () => {
    expect(decideReversal(voided(), settled({ receipt: null }), '2026-10-16')).toEqual({ kind: 'nothing', why: 'voided before Settle wrote a receipt for it' });
  });

  it('a void whose sale is still being synced waits for it', () => {
    expect(decideReversal(voided(), settled({ receipt: null, saleOutstanding: true, waitedMs: 5_000 }), '2026-10-16')).toEqual({
      kind: 'wait',
      why: 'its sale is still being synced',
    });
  });

  it('a refund that arrived before its sale waits while time is left', () => {
    expect(decideReversal(refund(), settled({ receipt: null, waitedMs: 599_999 }), '2026-10-20')).toEqual({ kind: 'wait', why: 'its sale has not arrived yet' });
    expect(decideReversal(chargeback(), settled({ receipt: null, saleOutstanding: true }), '2026-10-20')).toEqual({
      kind: 'wait',
      why: 'its sale is still being synced',
    });
  });

  it('after the longest wait, a refund without its payment goes to review', () => {
    expect(decideReversal(refund(), settled({ receipt: null, waitedMs: 600_000 }), '2026-10-20')).toEqual({
      kind: 'review',
      reason: 'original_payment_not_found',
      detail: { originalTransactionId: '123456789', documentNumber: '1001' },
    });
  });

  it('after the longest wait, a void whose sale is still stuck goes to review too', () => {
    const decision = decideReversal(voided({ documentNumber: undefined }), settled({ receipt: null, saleOutstanding: true, waitedMs: 900_000 }), '2026-10-16');
    expect(decision).toEqual({ kind: 'review', reason: 'original_payment_not_found', detail: { originalTransactionId: null, documentNumber: null } });
  });

  it('refuses an event that is not a reversal', () => {
    expect(() => decideReversal(event(), settled(), '2026-10-20')).toThrow(RangeError);
    expect(() => decideReversal(event({ type: 'payment.declined' }), settled(), '2026-10-20')).toThrow(/not a reversal/);
  });

  it('refuses a transaction id that cannot be a PayTrace reference', () => {
    expect(() => decideReversal(refund({ transactionId: 'ch_3Nx' }), settled(), '2026-10-20')).toThrow(RangeError);
  });
});
