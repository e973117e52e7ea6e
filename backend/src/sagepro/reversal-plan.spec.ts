import { describe, expect, it } from 'vitest';
import type { ReceiptReversal } from './company.js';
import { PermanentSageProError } from './errors.js';
import { sageMoneyToCents } from './money.js';
import type { ArItem, CustomerAccount, Posting } from './receipt-plan.js';
import { type AppliedLine, planReversal, type ReversalAccounts } from './reversal-plan.js';

const item = (invno: string, extra: Partial<ArItem> = {}): ArItem => ({
  id: Number(invno), invno: invno.padStart(10), custno: 'ACM100', artype: '', balanceCents: 0, baseBalanceCents: 0,
  paidCents: 10_000, discountCents: 0, arAccount: '1200', ...extra,
});
const invoiceLine: AppliedLine = { item: item('1001'), paidCents: 10_000, discountCents: 0, cashAccount: '1010', itemCashCents: 10_000 };
const creditLine: AppliedLine = {
  item: item('1401', { artype: 'O', balanceCents: -2_500, baseBalanceCents: -2_500, paidCents: 2_500 }),
  paidCents: 2_500, discountCents: 0, cashAccount: '1010', itemCashCents: 2_500,
};
const customer: CustomerAccount = { id: 3, custno: 'ACM100', balanceCents: 10_000, lastPaid: '2026-10-31' };
const accounts: ReversalAccounts = { refunds: '4100', chargebacks: '4150', discounts: '4050' };
const posting: Posting = { arsess: 43, user: 'STL', stamp: { date: '2026-11-02', time: '09:00:00' }, currency: 'USD' };
const reversal = (extra: Partial<ReceiptReversal>): ReceiptReversal => ({
  kind: 'refund', reference: 'PT777', receiptReference: 'PT555', date: '2026-11-02', ...extra,
});
const gl = (plan: ReturnType<typeof planReversal>) => plan.ardistLines.map((l) => [l.tranno, l.glacnt, sageMoneyToCents(l.amount as string)]);

describe('planReversal', () => {
  it('a void restores the invoice and credits the account the receipt debited', () => {
    const plan = planReversal(reversal({ kind: 'void', reference: 'PT555-V' }), [invoiceLine], customer, accounts, posting);
    expect(plan.arcash).toEqual([expect.objectContaining({ invno: '      1001', refno: 'PT555-V', paidamt: '-100.0000', cashacct: '1010' })]);
    expect(plan.armastUpdates).toEqual([{ id: 1001, row: { paidamt: '0.0000', disamt: '0.0000', balance: '100.0000', bbal: '100.0000' } }]);
    expect(plan.arcustUpdate).toEqual({ id: 3, row: { balance: '200.0000' } });
    expect(gl(plan)).toEqual([['      1001', '1200', 10_000], ['      1001', '1010', -10_000]]);
  });

  it('a void also reverses the discount the receipt took', () => {
    const discounted: AppliedLine = { ...invoiceLine, paidCents: 9_800, discountCents: 200, itemCashCents: 9_800, item: item('1001', { discountCents: 200 }) };
    const plan = planReversal(reversal({ kind: 'void', reference: 'PT555-V' }), [discounted], customer, accounts, posting);
    expect(plan.armastUpdates[0].row).toMatchObject({ balance: '100.0000', disamt: '0.0000' });
    expect(gl(plan)).toEqual([['      1001', '1200', 10_000], ['      1001', '1010', -9_800], ['      1001', '4050', -200]]);
  });

  it('a partial refund comes off the open credit first, then the invoice, credited to refunds', () => {
    const plan = planReversal(reversal({ amountCents: 4_000 }), [invoiceLine, creditLine], customer, accounts, posting);
    expect(plan.arcash.map((l) => [l.invno, l.paidamt, l.cashacct])).toEqual([['      1401', '-25.0000', '4100'], ['      1001', '-15.0000', '4100']]);
    expect(plan.armastUpdates.map((u) => [u.id, u.row.balance])).toEqual([[1401, '0.0000'], [1001, '15.0000']]);
    expect(plan.arcustUpdate.row.balance).toBe('140.0000');
    expect(gl(plan)).toEqual([
      ['      1401', '1200', 2_500], ['      1401', '4100', -2_500],
      ['      1001', '1200', 1_500], ['      1001', '4100', -1_500],
    ]);
  });

  it('a chargeback takes all the cash by default and credits chargebacks', () => {
    const plan = planReversal(reversal({ kind: 'chargeback', reference: 'PT555-CB' }), [invoiceLine], customer, accounts, posting);
    expect(gl(plan)).toEqual([['      1001', '1200', 10_000], ['      1001', '4150', -10_000]]);
    expect(plan.ardistLines[0].descrip).toBe('Chargeback PT555-CB');
  });

  it("describes its GL lines with the reversal's own description when it gives one (a flow's mapping)", () => {
    const plan = planReversal(reversal({ kind: 'refund', amountCents: 3_000, description: 'Card refund INV-1001' }), [creditLine, invoiceLine], customer, accounts, posting);
    expect(new Set(plan.ardistLines.map((l) => l.descrip))).toEqual(new Set(['Card refund INV-1001']));
  });

  it('never reverses more than is left on the item after earlier reversals', () => {
    const refunded = { ...invoiceLine, itemCashCents: 3_000 };
    expect(planReversal(reversal({}), [refunded], customer, accounts, posting).arcash[0].paidamt).toBe('-30.0000');
    expect(() => planReversal(reversal({ amountCents: 3_001 }), [refunded], customer, accounts, posting)).toThrow(PermanentSageProError);
  });

  it.each([
    reversal({ amountCents: 0 }),
    reversal({ amountCents: 10_001 }),
    reversal({ kind: 'void', amountCents: 5_000 }),
    reversal({ reference: '' }),
  ])('refuses %j', (bad) => {
    expect(() => planReversal(bad, [invoiceLine], customer, accounts, posting)).toThrow(PermanentSageProError);
  });
});
