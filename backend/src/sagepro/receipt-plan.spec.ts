import { describe, expect, it } from 'vitest';
import type { IncomingPayment } from './company.js';
import { PermanentSageProError } from './errors.js';
import { sageMoneyToCents } from './money.js';
import { type ArItem, type CustomerAccount, planReceipt, type Posting, type ReceiptAccounts, splitPayment } from './receipt-plan.js';

const invoice: ArItem = {
  id: 7, invno: '      1001', custno: 'ACM100', artype: '', balanceCents: 10_000, baseBalanceCents: 10_000,
  paidCents: 2_500, discountCents: 0, arAccount: '1200',
};
const customer: CustomerAccount = { id: 3, custno: 'ACM100', balanceCents: 50_000, lastPaid: '2026-10-01' };
const accounts: ReceiptAccounts = { cash: '1010', discounts: '4050', creditAr: '1200' };
const posting: Posting = { arsess: 42, user: 'STL', stamp: { date: '2026-10-31', time: '10:11:12' }, currency: 'USD' };
const pay = (amountCents: number, extra: Partial<IncomingPayment> = {}): IncomingPayment => ({
  reference: 'PT555', amountCents, date: '2026-10-31', currency: 'USD', ...extra,
});

/** Σ ardist per tranno in cents: every item's posting balances. */
function balances(lines: { tranno?: string | number; amount?: string | number }[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const line of lines) sums[String(line.tranno)] = (sums[String(line.tranno)] ?? 0) + sageMoneyToCents(line.amount as string);
  return sums;
}

describe('splitPayment', () => {
  it('splits between the invoice and an open credit', () => {
    expect(splitPayment(10_000, pay(4_000))).toEqual({ toInvoice: 4_000, discount: 0, credit: 0 });
    expect(splitPayment(10_000, pay(12_500))).toEqual({ toInvoice: 10_000, discount: 0, credit: 2_500 });
    expect(splitPayment(10_000, pay(9_800, { discountCents: 200 }))).toEqual({ toInvoice: 9_800, discount: 200, credit: 0 });
    expect(splitPayment(0, pay(1_000))).toEqual({ toInvoice: 0, discount: 0, credit: 1_000 });
  });

  it.each([pay(0), pay(-5), pay(10.5), pay(100, { discountCents: -1 }), pay(100, { discountCents: 20_000 }), pay(100, { reference: ' ' })])(
    'refuses %j',
    (payment) => expect(() => splitPayment(10_000, payment)).toThrow(PermanentSageProError),
  );
});

describe('planReceipt', () => {
  it('a partial payment: arcash line, invoice and customer balances, Dr cash / Cr AR', () => {
    const plan = planReceipt(invoice, customer, pay(4_000), accounts, posting);
    expect(plan.arcash).toEqual([
      {
        custno: 'ACM100', invno: '      1001', refno: 'PT555', dtepaid: '2026-10-31', paidamt: '40.0000', disamt: '0.0000',
        arsess: '    42', cashacct: '1010', currid: 'USD', adduser: 'STL', adddate: '2026-10-31', addtime: '10:11:12',
      },
    ]);
    expect(plan.armastUpdates).toEqual([
      { id: 7, row: { paidamt: '65.0000', disamt: '0.0000', balance: '60.0000', bbal: '60.0000', dtepaid: '2026-10-31' } },
    ]);
    expect(plan.arcustUpdate).toEqual({ id: 3, row: { balance: '460.0000', lastpay: '2026-10-31', lpymt: '40.0000' } });
    expect(plan.ardistLines.map((l) => [l.glacnt, l.amount, l.descrip])).toEqual([
      ['1010', '40.0000', 'Receipt PT555'],
      ['1200', '-40.0000', 'Receipt PT555'],
    ]);
    expect(plan.openCredit).toBeUndefined();
  });

  it('a discount is applied to the invoice and debited to the discounts account', () => {
    const plan = planReceipt(invoice, customer, pay(9_800, { discountCents: 200 }), accounts, posting);
    expect(plan.arcash[0]).toMatchObject({ paidamt: '98.0000', disamt: '2.0000' });
    expect(plan.armastUpdates[0].row).toMatchObject({ paidamt: '125.0000', disamt: '2.0000', balance: '0.0000' });
    expect(plan.arcustUpdate.row.balance).toBe('400.0000');
    expect(plan.ardistLines.map((l) => [l.glacnt, l.amount])).toEqual([['1010', '98.0000'], ['4050', '2.0000'], ['1200', '-100.0000']]);
  });

  it('an overpayment pays the invoice off and leaves the rest as an open credit item', () => {
    const plan = planReceipt(invoice, customer, pay(12_500), accounts, posting, 1401);
    expect(plan.armastUpdates[0].row.balance).toBe('0.0000');
    expect(plan.arcash.map((l) => [l.invno, l.paidamt])).toEqual([['      1001', '100.0000'], ['      1401', '25.0000']]);
    expect(plan.openCredit).toMatchObject({
      invno: '      1401', artype: 'O', refno: 'PT555', invamt: '0.0000', paidamt: '25.0000', balance: '-25.0000', glarec: '1200',
    });
    expect(plan.arcustUpdate.row.balance).toBe('375.0000');
    expect(balances(plan.ardistLines)).toEqual({ '      1001': 0, '      1401': 0 });
  });

  it('a payment on account is an open credit only', () => {
    const plan = planReceipt(null, customer, pay(3_000), accounts, posting, 1402);
    expect(plan.armastUpdates).toEqual([]);
    expect(plan.arcash).toHaveLength(1);
    expect(plan.openCredit).toMatchObject({ invno: '      1402', balance: '-30.0000', artype: 'O' });
    expect(plan.ardistLines.map((l) => [l.glacnt, l.amount])).toEqual([['1010', '30.0000'], ['1200', '-30.0000']]);
  });

  it('keeps lastpay / lpymt when an older payment arrives late', () => {
    const plan = planReceipt(invoice, { ...customer, lastPaid: '2026-11-05' }, pay(1_000), accounts, posting);
    expect(plan.arcustUpdate.row).toEqual({ balance: '490.0000' });
  });

  it("describes every GL line with the payment's own description when it gives one (a flow's mapping)", () => {
    const plan = planReceipt(invoice, customer, pay(12_500, { description: 'Card PT555 web shop' }), accounts, posting, 1402);
    expect(plan.ardistLines.map((l) => l.descrip)).toEqual(Array(4).fill('Card PT555 web shop'));
  });

  it('needs a number for the open credit', () => {
    expect(() => planReceipt(invoice, customer, pay(12_500), accounts, posting)).toThrow(/needs a number/);
  });
});

describe('planReceipt in currencies without cents or with mils', () => {
  it('writes ¥1,200 as 1200 and 1.005 KWD as 1.0050, every line in the posting’s currency', () => {
    const yen = planReceipt({ ...invoice, balanceCents: 5_000, baseBalanceCents: 5_000, paidCents: 0 }, customer, pay(1_200, { currency: 'JPY' }), accounts, { ...posting, currency: 'JPY' });
    expect(yen.arcash[0]).toMatchObject({ paidamt: '1200.0000', currid: 'JPY' });
    expect(yen.armastUpdates[0].row).toMatchObject({ paidamt: '1200.0000', balance: '3800.0000', bbal: '3800.0000' });
    expect(yen.arcustUpdate.row).toMatchObject({ balance: '48800.0000', lpymt: '1200.0000' });
    expect(yen.ardistLines.map((line) => line.amount)).toEqual(['1200.0000', '-1200.0000']);

    const dinar = planReceipt(invoice, customer, pay(1_005, { currency: 'KWD' }), accounts, { ...posting, currency: 'KWD' });
    expect(dinar.arcash[0]).toMatchObject({ paidamt: '1.0050', currid: 'KWD' });
    expect(dinar.armastUpdates[0].row).toMatchObject({ balance: '8.9950' });
  });

  it('holds a payment to 12 digits before the point in its own currency', () => {
    expect(() => splitPayment(0, pay(1_000_000_000_000, { currency: 'JPY' }))).toThrow(expect.objectContaining({ field: 'arcash.paidamt' }));
    expect(splitPayment(0, pay(999_999_999_999, { currency: 'JPY' })).credit).toBe(999_999_999_999);
  });
});
