import { describe, expect, it } from 'vitest';
import type { OpenInvoice } from '../../sagepro/company.js';
import { payTraceReference } from '../../sagepro/references.js';
import type { PaymentEvent } from '../events/settle-event.js';
import { decideDecline, decideReversal, decideSale, type ReceiptFact, type ReversalFacts, type SaleFacts, saleProgressOf } from './payment-decisions.js';

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
      currency: 'USD',
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
  const receipt: ReceiptFact = { reference: 'PT123456789', invno: '      1001', sono: '      5001', custno: 'ACM100', amountMinor: 10_000, reversedMinor: 0 };
  const settled = (extra: Partial<ReversalFacts> = {}): ReversalFacts => ({ receipts: [receipt], sale: 'finished', waitedMs: 0, maxWaitMs: 600_000, ...extra });
  const noReceipt = (sale: ReversalFacts['sale'], waitedMs = 0) => settled({ receipts: [], sale, waitedMs });
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
      placement: { receipt, remainingMinor: 10_000, reversedMinor: 4_000, beyondReceiptMinor: 0 },
    });
  });

  it('a refund larger than what is left of the receipt reverses what is left and says how much was beyond it', () => {
    const decision = decideReversal(refund({ amountMinor: 15_000 }), settled(), '2026-10-20');
    expect(decision).toMatchObject({ kind: 'reverse', reversal: { amountCents: 10_000 }, placement: { reversedMinor: 10_000, beyondReceiptMinor: 5_000 } });
  });

  it('earlier reversals of the same receipt lower the cap', () => {
    const partlyRefunded = settled({ receipts: [{ ...receipt, reversedMinor: 7_000 }] });
    expect(decideReversal(refund(), partlyRefunded, '2026-10-20')).toMatchObject({ reversal: { amountCents: 3_000 }, placement: { remainingMinor: 3_000, beyondReceiptMinor: 1_000 } });
    expect(decideReversal(refund(), settled({ receipts: [{ ...receipt, reversedMinor: 10_000 }] }), '2026-10-20')).toEqual({
      kind: 'nothing',
      why: 'its receipt was already reversed in full',
    });
  });

  it('a void reverses the whole receipt (no amount) under PT<id>-V; after a partial reversal, what is left', () => {
    expect(decideReversal(voided(), settled(), '2026-10-16')).toMatchObject({
      kind: 'reverse',
      reversal: { kind: 'void', reference: 'PT123456789-V', receiptReference: 'PT123456789', amountCents: undefined, date: '2026-10-16' },
      status: 'refunded',
      placement: { reversedMinor: 10_000 },
    });
    expect(decideReversal(voided(), settled({ receipts: [{ ...receipt, reversedMinor: 2_500 }] }), '2026-10-16')).toMatchObject({ reversal: { amountCents: 7_500 } });
  });

  it('a chargeback reverses under PT<id>-CB, marks Charged back and records a dispute', () => {
    expect(decideReversal(chargeback(), settled(), '2026-11-02')).toMatchObject({
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
    const onOrder = decideReversal(refund(), settled({ receipts: [{ ...receipt, invno: null }] }), '2026-10-20');
    expect(onOrder).toMatchObject({ kind: 'reverse', target: { sono: '      5001' } });
    const onAccount = decideReversal(refund(), settled({ receipts: [{ ...receipt, invno: null, sono: null }] }), '2026-10-20');
    expect(onAccount).toMatchObject({ kind: 'reverse', target: {} });
  });

  describe('a refund naming no original, on a document paid by several payments', () => {
    const byDocument = refund({ originalTransactionId: undefined, amountMinor: 4_000 });
    const second: ReceiptFact = { ...receipt, reference: 'PT123456790', amountMinor: 4_000 };
    const third: ReceiptFact = { ...receipt, reference: 'PT123456791', amountMinor: 6_000, reversedMinor: 2_000 };

    it('takes the one receipt whose remainder is exactly its amount', () => {
      expect(decideReversal(byDocument, settled({ receipts: [receipt, second] }), '2026-10-20')).toMatchObject({ kind: 'reverse', reversal: { receiptReference: 'PT123456790', amountCents: 4_000 } });
      expect(decideReversal(byDocument, settled({ receipts: [receipt, third] }), '2026-10-20')).toMatchObject({ kind: 'reverse', reversal: { receiptReference: 'PT123456791' } });
    });

    it('goes to review when none or several match exactly, listing what is left of each: never truncated', () => {
      const none = decideReversal(refund({ originalTransactionId: undefined, amountMinor: 5_000 }), settled({ receipts: [receipt, second] }), '2026-10-20');
      expect(none).toEqual({
        kind: 'review',
        reason: 'ambiguous_original',
        detail: {
          originalTransactionId: null,
          documentNumber: '1001',
          amountMinor: 5_000,
          candidates: [
            { reference: 'PT123456789', invno: '      1001', remainingMinor: 10_000 },
            { reference: 'PT123456790', invno: '      1001', remainingMinor: 4_000 },
          ],
        },
      });
      expect(decideReversal(byDocument, settled({ receipts: [second, third] }), '2026-10-20')).toMatchObject({ kind: 'review', reason: 'ambiguous_original' });
    });

    it('waits while another sale of the document is on its way (or parked): it may be the one the refund belongs to', () => {
      expect(decideReversal(byDocument, settled({ receipts: [{ ...receipt, reversedMinor: 10_000 }], sale: 'in_flight', byDocument: true }), '2026-10-20')).toEqual({
        kind: 'wait',
        why: 'another sale of its document is still being synced',
        parked: false,
      });
      expect(decideReversal(byDocument, settled({ receipts: [second], sale: 'parked', byDocument: true }), '2026-10-20')).toMatchObject({ kind: 'wait', parked: true });
      // Found by its original, the receipt is the one: no waiting for the document's other sales.
      expect(decideReversal(refund(), settled({ sale: 'in_flight' }), '2026-10-20')).toMatchObject({ kind: 'reverse' });
    });

    it('ignores receipts already reversed in full when choosing', () => {
      const spent = { ...receipt, reversedMinor: 10_000 };
      expect(decideReversal(refund({ originalTransactionId: undefined, amountMinor: 1_000 }), settled({ receipts: [spent, second] }), '2026-10-20')).toMatchObject({
        kind: 'reverse',
        reversal: { receiptReference: 'PT123456790', amountCents: 1_000 },
      });
    });
  });

  describe('no receipt yet: the sale decides', () => {
    it('a sale still being synced: every reversal waits for it, however long', () => {
      for (const e of [refund(), voided(), chargeback()]) {
        expect(decideReversal(e, noReceipt('in_flight', 10_000_000), '2026-10-20')).toEqual({ kind: 'wait', why: 'its sale is still being synced', parked: false });
      }
    });

    it('a sale that is a dead letter, in review or paused: waits for a person to bring it back', () => {
      expect(decideReversal(refund(), noReceipt('parked', 10_000_000), '2026-10-20')).toMatchObject({ kind: 'wait', parked: true });
      expect(decideReversal(voided(), noReceipt('parked'), '2026-10-16')).toMatchObject({ kind: 'wait', parked: true });
    });

    it('a sale that finished without a receipt (voided, dismissed): nothing to take back', () => {
      expect(decideReversal(voided(), noReceipt('finished'), '2026-10-16')).toEqual({ kind: 'nothing', why: 'its sale was voided before Settle wrote a receipt for it' });
      expect(decideReversal(refund(), noReceipt('finished'), '2026-10-20')).toEqual({ kind: 'nothing', why: 'its sale wrote no receipt in Sage Pro' });
    });

    it('a void of a sale Settle has never seen needs nothing: the sale, when it comes, sees the void', () => {
      expect(decideReversal(voided(), noReceipt('unknown', 10_000_000), '2026-10-16')).toEqual({ kind: 'nothing', why: 'voided before Settle wrote a receipt for it' });
    });

    it('a refund before its sale waits while time is left, then goes to review', () => {
      expect(decideReversal(refund(), noReceipt('unknown', 599_999), '2026-10-20')).toEqual({ kind: 'wait', why: 'its sale has not arrived yet', parked: false });
      expect(decideReversal(refund(), noReceipt('unknown', 600_000), '2026-10-20')).toEqual({
        kind: 'review',
        reason: 'original_payment_not_found',
        detail: { originalTransactionId: '123456789', documentNumber: '1001' },
      });
    });
  });

  it('refuses an event that is not a reversal', () => {
    expect(() => decideReversal(event(), settled(), '2026-10-20')).toThrow(RangeError);
    expect(() => decideReversal(event({ type: 'payment.declined' }), settled(), '2026-10-20')).toThrow(/not a reversal/);
  });

  it('refuses a transaction id that cannot be a PayTrace reference', () => {
    expect(() => decideReversal(refund({ transactionId: 'ch_3Nx' }), settled(), '2026-10-20')).toThrow(RangeError);
  });
});

describe('saleProgressOf', () => {
  it('reads the sale events’ states: in flight beats parked beats finished', () => {
    expect(saleProgressOf([])).toBe('unknown');
    expect(saleProgressOf(['done'])).toBe('finished');
    expect(saleProgressOf(['ignored', 'dead'])).toBe('parked');
    expect(saleProgressOf(['manual_review'])).toBe('parked');
    expect(saleProgressOf(['paused'])).toBe('parked');
    expect(saleProgressOf(['dead', 'queued'])).toBe('in_flight');
    expect(saleProgressOf(['processing'])).toBe('in_flight');
    expect(saleProgressOf(['waiting'])).toBe('in_flight');
  });
});
