import { describe, expect, it } from 'vitest';
import { actionMisfit, describeDecision, mayPostReviewedPayment, type ReversalOfPayment, sameDecision } from './review-rules.js';

const sale = { type: 'payment.approved', amountMinor: 145_506n };
const at = (iso: string) => new Date(`${iso}T15:00:00Z`);

describe('mayPostReviewedPayment', () => {
  it('a sale with no reversal may be posted', () => {
    expect(mayPostReviewedPayment(sale, [])).toEqual({ mayPost: true });
  });

  it('a voided sale may not, and the reason says when it was voided', () => {
    const voided: ReversalOfPayment = { type: 'payment.voided', amountMinor: 145_506n, at: at('2026-12-03') };
    expect(mayPostReviewedPayment(sale, [voided])).toEqual({ mayPost: false, reason: 'the payment was voided in PayTrace on 2026-12-03; nothing to post' });
  });

  it('a sale refunded in full (in two refunds) may not; the reason names the day it became full', () => {
    const refunds = [
      { type: 'payment.refunded', amountMinor: 45_506n, at: at('2026-12-05') },
      { type: 'payment.refunded', amountMinor: 100_000n, at: at('2026-12-04') },
    ];
    expect(mayPostReviewedPayment(sale, refunds)).toEqual({ mayPost: false, reason: 'the payment was refunded in full in PayTrace by 2026-12-05; nothing to post' });
  });

  it('a sale charged back in full may not', () => {
    const verdict = mayPostReviewedPayment(sale, [{ type: 'payment.charged_back', amountMinor: 145_506n, at: at('2026-12-06') }]);
    expect(verdict).toEqual({ mayPost: false, reason: 'the payment was charged back in full in PayTrace by 2026-12-06; nothing to post' });
  });

  it('a refund and a chargeback that together reach the amount are in full', () => {
    const verdict = mayPostReviewedPayment(sale, [
      { type: 'payment.refunded', amountMinor: 6n, at: at('2026-12-04') },
      { type: 'payment.charged_back', amountMinor: 145_500n, at: at('2026-12-06') },
    ]);
    expect(verdict).toMatchObject({ mayPost: false, reason: expect.stringContaining('refunded and charged back in full') });
  });

  it('a partial refund leaves money to post', () => {
    expect(mayPostReviewedPayment(sale, [{ type: 'payment.refunded', amountMinor: 145_505n, at: at('2026-12-04') }])).toEqual({ mayPost: true });
  });

  it('a settlement is not a reversal', () => {
    expect(mayPostReviewedPayment(sale, [{ type: 'payment.settled', amountMinor: 145_506n, at: at('2026-12-04') }])).toEqual({ mayPost: true });
  });

  it('only a sale is judged by its history (a reversal in review is placed as asked)', () => {
    const refund = { type: 'payment.refunded', amountMinor: 500n };
    expect(mayPostReviewedPayment(refund, [{ type: 'payment.voided', amountMinor: 500n, at: at('2026-12-04') }])).toEqual({ mayPost: true });
  });
});

describe('sameDecision', () => {
  it('the same action with the same target is the same resolution', () => {
    expect(sameDecision({ action: 'match_invoice', invno: '1042' }, { action: 'match_invoice', invno: '1042' })).toBe(true);
    expect(sameDecision({ action: 'post_on_account', custno: 'ACME01' }, { action: 'post_on_account', custno: 'ACME01' })).toBe(true);
    expect(sameDecision({ action: 'dismiss' }, { action: 'dismiss' })).toBe(true);
    expect(sameDecision({ action: 'reverse_receipt', receiptReference: 'PT1' }, { action: 'reverse_receipt', receiptReference: 'PT1' })).toBe(true);
    expect(sameDecision({ action: 'reverse_receipt', receiptReference: 'PT1' }, { action: 'reverse_receipt', receiptReference: 'PT2' })).toBe(false);
  });

  it('another target or another action is not', () => {
    expect(sameDecision({ action: 'match_invoice', invno: '1042' }, { action: 'match_invoice', invno: '1043' })).toBe(false);
    expect(sameDecision({ action: 'match_invoice', invno: '1042' }, { action: 'dismiss' })).toBe(false);
    expect(sameDecision({ action: 'post_on_account', custno: '1042' }, { action: 'match_invoice', invno: '1042' })).toBe(false);
  });

  it('a review resolved before decisions were kept matches nothing', () => {
    expect(sameDecision(null, { action: 'dismiss' })).toBe(false);
  });
});

describe('describeDecision', () => {
  it('says what was done and to what', () => {
    expect(describeDecision({ action: 'match_invoice', invno: '1042' }, 'matched')).toBe('matched to invoice 1042');
    expect(describeDecision({ action: 'post_on_account', custno: 'ACME01' }, 'on_account')).toBe('posted on account of customer ACME01');
    expect(describeDecision({ action: 'dismiss' }, 'dismissed')).toBe('dismissed');
    expect(describeDecision({ action: 'reverse_receipt', receiptReference: 'PT1' }, 'receipt_chosen')).toBe('placed on receipt PT1');
    expect(describeDecision(null, 'matched')).toBe('matched');
  });
});

describe('actionMisfit', () => {
  it('a sale is matched or posted on account, a reversal placed on a receipt; both may be dismissed', () => {
    expect(actionMisfit('payment.approved', 'match_invoice')).toBeNull();
    expect(actionMisfit('payment.approved', 'post_on_account')).toBeNull();
    expect(actionMisfit('payment.refunded', 'reverse_receipt')).toBeNull();
    expect(actionMisfit('payment.charged_back', 'reverse_receipt')).toBeNull();
    for (const type of ['payment.approved', 'payment.refunded', 'payment.voided']) expect(actionMisfit(type, 'dismiss')).toBeNull();
  });

  it('says why the other combinations do not fit', () => {
    expect(actionMisfit('payment.refunded', 'match_invoice')).toMatch(/choosing the receipt/);
    expect(actionMisfit('payment.voided', 'post_on_account')).toMatch(/choosing the receipt/);
    expect(actionMisfit('payment.approved', 'reverse_receipt')).toMatch(/not placed on a receipt/);
  });
});
