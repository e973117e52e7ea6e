import { describe, expect, it } from 'vitest';
import type { IncomingPayment } from './company.js';
import { PermanentSageProError } from './errors.js';
import { sageMoneyToCents } from './money.js';
import { type BatchReceipt, planReceiptBatch, referenceKey } from './receipt-batch.js';
import { type ArItem, type CustomerAccount, planReceipt, type ReceiptAccounts } from './receipt-plan.js';

const invoice = (id: number, balanceCents: number): ArItem => ({
  id, invno: String(1000 + id).padStart(10), custno: 'ACM100', artype: '', balanceCents, baseBalanceCents: balanceCents, paidCents: 0, discountCents: 0, arAccount: '1200',
});
const acme: CustomerAccount = { id: 3, custno: 'ACM100', balanceCents: 50_000, lastPaid: '2026-10-01' };
const bolt: CustomerAccount = { id: 4, custno: 'BOL100', balanceCents: 20_000, lastPaid: null };
const accounts: ReceiptAccounts = { cash: '1010', discounts: '4050', creditAr: '1200' };
const base = { user: 'STL', stamp: { date: '2026-10-31', time: '10:11:12' } };
const pay = (reference: string, amountCents: number, extra: Partial<IncomingPayment> = {}): IncomingPayment => ({
  reference, amountCents, date: '2026-10-31', currency: 'USD', ...extra,
});
const receipt = (index: number, item: ArItem, customer: CustomerAccount, payment: IncomingPayment): BatchReceipt => ({
  index, invoice: item, customer, payment, currency: 'USD', accounts,
});
const money = (value: unknown) => sageMoneyToCents(value as string);

describe('planReceiptBatch', () => {
  it('gives each receipt its own AR session and carries balances from one receipt to the next', () => {
    const shared = invoice(7, 10_000);
    const plan = planReceiptBatch(
      [receipt(0, shared, acme, pay('PT1', 4_000)), receipt(1, invoice(8, 5_000), bolt, pay('PT2', 5_000)), receipt(2, shared, acme, pay('PT3', 6_000))],
      { int1: 1400, int2: 312 },
      base,
    );
    expect(plan.refused).toEqual([]);
    expect(plan.planned.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(plan.arcash.map((row) => String(row.arsess).trim())).toEqual(['313', '314', '315']);
    expect(plan.counter).toEqual({ int1: 1400, int2: 315 });
    // One update per item and per customer: the state after the last receipt on it.
    expect(plan.armastUpdates.map((u) => [u.id, money(u.row.balance), money(u.row.paidamt)])).toEqual([[7, 0, 10_000], [8, 0, 5_000]]);
    expect(plan.arcustUpdates.map((u) => [u.id, money(u.row.balance)])).toEqual([[3, 40_000], [4, 15_000]]);
    // Same rows as the single planner gives the second receipt on the invoice after the first.
    const second = planReceipt({ ...shared, balanceCents: 6_000, baseBalanceCents: 6_000, paidCents: 4_000 }, { ...acme, balanceCents: 46_000, lastPaid: '2026-10-31' }, pay('PT3', 6_000), accounts, { arsess: 315, ...base, currency: 'USD' });
    expect(plan.planned[2].plan).toEqual(second);
    const sums = new Map<string, number>();
    for (const line of plan.ardistLines) sums.set(String(line.arsess), (sums.get(String(line.arsess)) ?? 0) + money(line.amount));
    expect([...sums.values()]).toEqual([0, 0, 0]);
  });

  it('numbers open credits from the counter, one after the other', () => {
    const plan = planReceiptBatch(
      [receipt(0, invoice(7, 1_000), acme, pay('PT1', 1_500)), receipt(1, invoice(8, 1_000), acme, pay('PT2', 1_200))],
      { int1: 1400, int2: 10 },
      base,
    );
    expect(plan.openCredits.map((row) => [String(row.invno).trim(), money(row.balance)])).toEqual([['1401', -500], ['1402', -200]]);
    expect(plan.counter).toEqual({ int1: 1402, int2: 12 });
    expect(plan.arcustUpdates).toEqual([{ id: 3, row: expect.objectContaining({ balance: '473.0000', lastpay: '2026-10-31', lpymt: '12.0000' }) }]);
  });

  it('answers the same reference twice as a duplicate of the first, which alone is planned', () => {
    const plan = planReceiptBatch(
      [receipt(0, invoice(7, 10_000), acme, pay('PT1', 1_000)), receipt(1, invoice(7, 10_000), acme, pay(' pt1 ', 1_000)), receipt(2, invoice(8, 10_000), acme, pay('PT2', 500))],
      { int1: 1, int2: 1 },
      base,
    );
    expect(plan.duplicates).toEqual([{ index: 1, of: 0 }]);
    expect(plan.planned.map((p) => p.index)).toEqual([0, 2]);
    expect(plan.arcustUpdates[0].row.balance).toBe('485.0000');
    expect(referenceKey(' pt1 ')).toBe('PT1');
  });

  it('refuses a receipt that fails its checks on its own: it takes no number and changes nothing', () => {
    const shared = invoice(7, 1_000);
    const plan = planReceiptBatch(
      [
        receipt(0, shared, acme, pay('PT1', 500, { discountCents: 5_000 })), // discount larger than the balance
        receipt(1, shared, acme, pay('PT2', 300)),
        receipt(2, invoice(8, 1_000), acme, pay('PT3', 100)), // refused by the check below
        receipt(3, shared, acme, pay('PT1', 200)), // PT1 was refused, so this one is the first PT1
      ],
      { int1: 50, int2: 60 },
      base,
      (p) => {
        if (p.armastUpdates.some((u) => u.id === 8)) throw new PermanentSageProError('missing_account', 'no');
      },
    );
    expect(plan.refused.map((r) => r.index)).toEqual([0, 2]);
    expect(plan.refused.every((r) => r.error instanceof PermanentSageProError)).toBe(true);
    expect(plan.planned.map((p) => p.index)).toEqual([1, 3]);
    expect(plan.duplicates).toEqual([]);
    expect(plan.counter).toEqual({ int1: 50, int2: 62 });
    expect(plan.armastUpdates.map((u) => [u.id, money(u.row.balance)])).toEqual([[7, 500]]);
    expect(plan.arcash.map((row) => String(row.arsess).trim())).toEqual(['61', '62']);
  });

  it('keeps lastpay at the latest date whatever the order', () => {
    const plan = planReceiptBatch(
      [receipt(0, invoice(7, 10_000), acme, pay('PT1', 100, { date: '2026-10-30' })), receipt(1, invoice(8, 10_000), acme, pay('PT2', 200, { date: '2026-10-20' }))],
      { int1: 1, int2: 1 },
      base,
    );
    expect(plan.arcustUpdates[0].row).toEqual({ balance: '497.0000', lastpay: '2026-10-30', lpymt: '1.0000' });
  });
});
