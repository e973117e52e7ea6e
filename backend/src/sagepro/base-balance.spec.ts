import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseBalanceAfter, divideHalfEven, minorRatioOf } from './base-balance.js';
import type { IncomingPayment } from './company.js';
import { PermanentSageProError } from './errors.js';
import { sageMoneyToMinor } from './money.js';
import { type ArItem, type CustomerAccount, planReceipt, type Posting } from './receipt-plan.js';
import { planReceiptBatch } from './receipt-batch.js';
import { planReversal } from './reversal-plan.js';

const EUR_IN_USD = { currency: 'EUR', baseCurrency: 'USD' };

/**
 * The reference model, written apart from the code: bbal is the item's balance at the item's last
 * known rate (bbal : balance), a fraction rounded to the nearest cent, ties to the even cent; nothing
 * owed is 0 and a fully paid item is restored at the rate given.
 */
function modelAfter(balance: bigint, bbal: bigint, after: bigint, given: [bigint, bigint]): bigint {
  if (after === 0n) return 0n;
  const abs = (v: bigint) => (v < 0n ? -v : v);
  // the item's rate, unless it is gone (0 : 0) or the balance more than doubles (too coarse)
  const [num, den] = balance === 0n || abs(after) > 2n * abs(balance) ? given : [bbal, balance];
  const exact = { n: after * num, d: den };
  if (exact.d < 0n) [exact.n, exact.d] = [-exact.n, -exact.d];
  // floor, then compare the remainder with one half
  let floor = exact.n / exact.d;
  if (exact.n % exact.d !== 0n && exact.n < 0n) floor -= 1n;
  const twice = 2n * (exact.n - floor * exact.d);
  if (twice > exact.d || (twice === exact.d && floor % 2n !== 0n)) floor += 1n;
  return floor;
}

describe('baseBalanceAfter', () => {
  it('moves bbal by what balance moves when the item is in the base currency', () => {
    expect(baseBalanceAfter({ invno: '1', balanceCents: 10_000, baseBalanceCents: 10_000 }, 4_000, { currency: 'USD', baseCurrency: 'USD' })).toBe(4_000);
  });

  it("moves it in proportion at the invoice's own rate, half-even, and to exactly 0 when paid", () => {
    // €1,000.00 raised at 1.23457: bbal $1,234.57. €400 paid leaves €600: 1234.57 × 0.6 = 740.742 → $740.74.
    const invoice = { invno: '1', balanceCents: 100_000, baseBalanceCents: 123_457 };
    expect(baseBalanceAfter(invoice, 60_000, EUR_IN_USD)).toBe(74_074);
    // a tie: 1 × 5 / 2 = 2.5 → 2 (even), 3 × 5 / 2 = 7.5 → 8
    expect(baseBalanceAfter({ invno: '1', balanceCents: 2, baseBalanceCents: 5 }, 1, EUR_IN_USD)).toBe(2);
    expect(baseBalanceAfter({ invno: '1', balanceCents: 2, baseBalanceCents: 5 }, 3, EUR_IN_USD)).toBe(8);
    expect(baseBalanceAfter({ invno: '1', balanceCents: 60_000, baseBalanceCents: 74_074 }, 0, EUR_IN_USD)).toBe(0);
  });

  it("grows a small balance more than twofold at the rate given, not at the item's coarse one", () => {
    // €0.01 left of €1,000.00 raised at 1.23457 keeps bbal $0.01: 1:1 would reopen €1,000 as $1,000.00
    const nearlyPaid = { invno: '1', balanceCents: 1, baseBalanceCents: 1 };
    expect(baseBalanceAfter(nearlyPaid, 100_000, EUR_IN_USD, minorRatioOf({ currency: 'USD', rate: '1.23457' }, EUR_IN_USD))).toBe(123_457);
    expect(baseBalanceAfter(nearlyPaid, 100_000, EUR_IN_USD)).toBe(100_000); // no rate given: its own, the best there is
    expect(baseBalanceAfter({ invno: '1', balanceCents: 60_000, baseBalanceCents: 74_074 }, 100_000, EUR_IN_USD, minorRatioOf({ currency: 'USD', rate: '1.25' }, EUR_IN_USD))).toBe(123_457);
  });

  it('restores a fully paid item at the rate given, and without one at par (the figure as it is, as before)', () => {
    const paid = { invno: '      1001', balanceCents: 0, baseBalanceCents: 0 };
    expect(baseBalanceAfter(paid, 20_000, EUR_IN_USD, minorRatioOf({ currency: 'USD', rate: '1.25' }, EUR_IN_USD))).toBe(25_000);
    expect(baseBalanceAfter(paid, 20_000, EUR_IN_USD)).toBe(20_000);
    // ¥2,400 at par in a USD company is 2400.00 (the figure Settle wrote before it kept base figures)
    expect(baseBalanceAfter({ ...paid }, 2_400, { currency: 'JPY', baseCurrency: 'USD' })).toBe(240_000);
  });

  it('reads rates in units across exponents: ¥ → $ and KWD → $; a rate for another base is not used', () => {
    // 1 JPY = 0.0068 USD: ¥10,000 is $68.00
    const yen = minorRatioOf({ currency: 'USD', rate: '0.0068' }, { currency: 'JPY', baseCurrency: 'USD' })!;
    expect(Number(divideHalfEven(10_000n * yen.numerator, yen.denominator))).toBe(6_800);
    const dinar = minorRatioOf({ currency: 'USD', rate: '13/4' }, { currency: 'KWD', baseCurrency: 'USD' })!;
    expect(Number(divideHalfEven(1_005n * dinar.numerator, dinar.denominator))).toBe(327); // 1.005 KWD × 3.25 = 3.26625
    expect(minorRatioOf({ currency: 'GBP', rate: '0.8' }, EUR_IN_USD)).toBeUndefined();
    expect(() => minorRatioOf({ currency: 'USD', rate: '-1' }, EUR_IN_USD)).toThrow(PermanentSageProError);
  });

  it('after any sequence of partial payments and reversals equals the reference model, and is 0 whenever nothing is owed', () => {
    const step = fc.record({ pay: fc.boolean(), part: fc.integer({ min: 1, max: 1_000 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 5_000_000 }), fc.array(step, { maxLength: 12 }), (invamt, rateTimes1e6, steps) => {
        const rate: [bigint, bigint] = [BigInt(rateTimes1e6), 1_000_000n];
        const given = { numerator: rate[0], denominator: rate[1] };
        let item = { invno: '1', balanceCents: invamt, baseBalanceCents: Number(modelAfter(0n, 0n, BigInt(invamt), rate)) };
        let model = BigInt(item.baseBalanceCents);
        for (const { pay, part } of steps) {
          const paid = invamt - item.balanceCents;
          const room = pay ? item.balanceCents : paid;
          if (room === 0) continue;
          const amount = Math.max(1, Math.floor((room * part) / 1_000));
          const after = item.balanceCents + (pay ? -amount : amount);
          model = modelAfter(BigInt(item.balanceCents), model, BigInt(after), rate);
          item = { ...item, balanceCents: after, baseBalanceCents: baseBalanceAfter(item, after, EUR_IN_USD, given) };
          expect(BigInt(item.baseBalanceCents)).toBe(model);
          if (after === 0) expect(item.baseBalanceCents).toBe(0);
        }
      }),
    );
  });
});

// ---- the plans: every path that moves armast.balance moves bbal the same way ----

const invoice = (extra: Partial<ArItem> = {}): ArItem => ({
  id: 7, invno: '      1001', custno: 'EUR100', artype: '', balanceCents: 100_000, baseBalanceCents: 123_457, paidCents: 0, discountCents: 0, arAccount: '1200', ...extra,
});
const customer: CustomerAccount = { id: 3, custno: 'EUR100', balanceCents: 100_000, lastPaid: null };
const accounts = { cash: '1010', discounts: '4050', creditAr: '1200' };
const posting: Posting = { arsess: 9, user: 'STL', stamp: { date: '2026-12-02', time: '10:00:00' }, currency: 'EUR', baseCurrency: 'USD' };
const payment = (amountCents: number, extra: Partial<IncomingPayment> = {}): IncomingPayment => ({ reference: 'PT1', amountCents, date: '2026-12-02', currency: 'EUR', ...extra });
const usd = (value: unknown) => sageMoneyToMinor(value as string, 'USD');

describe('receipts and reversals of a EUR invoice in a USD company', () => {
  it('a receipt moves bbal at the invoice rate (a discount counts), an overpayment credit takes the invoice rate', () => {
    const plan = planReceipt(invoice(), customer, payment(30_000, { discountCents: 10_000 }), accounts, posting);
    expect(plan.armastUpdates[0].row).toMatchObject({ balance: '600.0000', bbal: '740.7400' });
    expect(plan.arcash[0]).toMatchObject({ currid: 'EUR', paidamt: '300.0000', disamt: '100.0000' });
    const over = planReceipt(invoice(), customer, payment(120_000), accounts, posting, 1401);
    expect(over.armastUpdates[0].row).toMatchObject({ balance: '0.0000', bbal: '0.0000' });
    // −€200 at 1.23457 = −$246.914 → −$246.91
    expect(over.openCredit).toMatchObject({ balance: '-200.0000', bbal: '-246.9100', currid: 'EUR' });
  });

  it('a payment on account takes the rate given (one for another base is not used), else par', () => {
    const plan = planReceipt(null, customer, payment(20_000, { baseRate: { currency: 'USD', rate: '1.08' } }), accounts, posting, 1401);
    expect(plan.openCredit).toMatchObject({ balance: '-200.0000', bbal: '-216.0000' });
    expect(planReceipt(null, customer, payment(20_000, { baseRate: { currency: 'GBP', rate: '0.9' } }), accounts, posting, 1401).openCredit).toMatchObject({ bbal: '-200.0000' });
  });

  it('a batch of two parts ends at 0, and a refund of the last restores bbal at the rate given', () => {
    const batch = planReceiptBatch(
      [40_000, 60_000].map((amountCents, index) => ({ index, invoice: invoice(), customer, payment: payment(amountCents, { reference: `PT${index}` }), currency: 'EUR', accounts })),
      { int1: 1400, int2: 8 },
      { user: 'STL', stamp: posting.stamp, baseCurrency: 'USD' },
    );
    expect(batch.planned.map(({ plan }) => usd(plan.armastUpdates[0].row.bbal))).toEqual([74_074, 0]);
    expect(batch.armastUpdates[0].row).toMatchObject({ balance: '0.0000', bbal: '0.0000' });

    const paid = invoice({ balanceCents: 0, baseBalanceCents: 0, paidCents: 100_000 });
    const line = { item: paid, paidCents: 60_000, discountCents: 0, cashAccount: '1010', itemCashCents: 100_000 };
    const refund = { kind: 'refund' as const, reference: 'PT2', receiptReference: 'PT1', amountCents: 20_000, date: '2026-12-03' };
    const restored = planReversal({ ...refund, baseRate: { currency: 'USD', rate: '1.23457' } }, [line], customer, { refunds: '1020', chargebacks: '1030', discounts: '4050' }, posting);
    expect(restored.armastUpdates[0].row).toMatchObject({ balance: '200.0000', bbal: '246.9100' });
    expect(planReversal(refund, [line], customer, { refunds: '1020', chargebacks: '1030', discounts: '4050' }, posting).armastUpdates[0].row).toMatchObject({ bbal: '200.0000' });
    // partly paid: the item's own rate, no rate needed
    const partly = { ...line, item: invoice({ balanceCents: 60_000, baseBalanceCents: 74_074, paidCents: 40_000 }), itemCashCents: 40_000, paidCents: 40_000 };
    const back = planReversal({ ...refund, amountCents: 40_000 }, [partly], customer, { refunds: '1020', chargebacks: '1030', discounts: '4050' }, posting);
    expect(back.armastUpdates[0].row).toMatchObject({ balance: '1000.0000', bbal: '1234.5700' });
  });
});
