import { describe, expect, it } from 'vitest';
import type { PaymentEvent } from '../../pipeline/events/settle-event.js';
import type { CashLine, CashReceipt } from '../../sagepro/company.js';
import { receiptFactOf, withoutReceipt } from './reversal-preview.js';

const line = (invno: string, paidCents: number): CashLine => ({ reference: 'PT100', custno: 'C1', invno, paidCents, discountCents: 0, date: '2026-12-01', arsess: '7', cashAccount: '1010' });

function event(type: PaymentEvent['type']): PaymentEvent {
  return { type, transactionId: '200', originalTransactionId: '100', amountMinor: 500, currency: 'USD', occurredAt: '2026-12-02T10:00:00Z', method: 'card' };
}

describe('receiptFactOf', () => {
  it("takes the receipt's cash and the invoice it paid, not the open credit an overpayment became", () => {
    const receipt: CashReceipt = { reference: 'PT100', custno: 'C1', lines: [line('CR9', 300), line('INV1', 1_000)], openCreditInvno: 'CR9' };
    expect(receiptFactOf(receipt)).toEqual({ reference: 'PT100', invno: 'INV1', sono: null, custno: 'C1', amountMinor: 1_300, reversedMinor: 0 });
  });

  it('a receipt on account names no invoice (the pipeline writes no status for it)', () => {
    expect(receiptFactOf({ reference: 'PT100', custno: 'C1', lines: [line('CR9', 300)], openCreditInvno: 'CR9' }).invno).toBeNull();
  });
});

describe('withoutReceipt', () => {
  it("a refund waits for its sale, then goes to manual review; a sale that wrote none leaves nothing to do", () => {
    const text = withoutReceipt(event('payment.refunded'), '2026-12-02');
    expect(text).toContain('while its sale is being synced, it waits (its sale is still being synced)');
    expect(text).toContain('when its sale finished without one, it writes nothing (its sale wrote no receipt in Sage Pro)');
    expect(text).toContain('when it waited as long as it may, it sends it to manual review (original_payment_not_found)');
  });

  it('a void of a sale that has not arrived writes nothing: the sale sees the void', () => {
    expect(withoutReceipt(event('payment.voided'), '2026-12-02')).toContain("while its sale has not arrived, it writes nothing (voided before Settle wrote a receipt for it)");
  });
});
