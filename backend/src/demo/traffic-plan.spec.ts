import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_TRAFFIC, nextAction, refundCents, type TrafficState } from './traffic-plan.js';

const settled: TrafficState = { ticks: 10, runningMs: 10 * 60_000, sinceOutageMs: null, reversibleSales: 3, orderAwaitingPayment: false };
const always = (value: number) => () => value;

describe('the demo traffic mix', () => {
  it('starts with plain approved payments, so receipts show within seconds', () => {
    for (const ticks of [0, 1, 2]) expect(nextAction({ ...settled, ticks, runningMs: ticks * 4_000 }, DEFAULT_DEMO_TRAFFIC, always(0))).toBe('sale');
  });

  it('pays a shop order as soon as its sales order exists', () => {
    expect(nextAction({ ...settled, ticks: 0, orderAwaitingPayment: true }, DEFAULT_DEMO_TRAFFIC, always(0.99))).toBe('order_payment');
  });

  it("is mostly approved sales, with declines, refunds, chargebacks, shop orders and a clerk's hand-keyed receipt now and then", () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 1_000; i++) {
      const action = nextAction({ ...settled, sinceOutageMs: 0 }, DEFAULT_DEMO_TRAFFIC, always((i + 0.5) / 1_000));
      counts[action] = (counts[action] ?? 0) + 1;
    }
    expect(counts).toEqual({ decline: 80, refund: 100, chargeback: 40, shopify_order: 100, clerk_receipt: 20, sale: 660 });
  });

  it('refunds and charges back only when an earlier sale can be reversed', () => {
    expect(nextAction({ ...settled, reversibleSales: 0 }, DEFAULT_DEMO_TRAFFIC, always(0.1))).toBe('sale');
    expect(nextAction({ ...settled, reversibleSales: 0 }, DEFAULT_DEMO_TRAFFIC, always(0.2))).toBe('sale');
  });

  it('takes Sage Pro down rarely: never in the first minute, at most once per outageEveryMs', () => {
    const die = (...values: number[]) => () => values.shift() ?? 0.99;
    expect(nextAction({ ...settled, runningMs: 59_000 }, DEFAULT_DEMO_TRAFFIC, die(0, 0.99))).toBe('sale');
    expect(nextAction({ ...settled, sinceOutageMs: DEFAULT_DEMO_TRAFFIC.outageEveryMs - 1 }, DEFAULT_DEMO_TRAFFIC, die(0, 0.99))).toBe('sale');
    expect(nextAction({ ...settled, sinceOutageMs: DEFAULT_DEMO_TRAFFIC.outageEveryMs }, DEFAULT_DEMO_TRAFFIC, die(0, 0.99))).toBe('outage');
    expect(nextAction(settled, DEFAULT_DEMO_TRAFFIC, die(0.5, 0.99))).toBe('sale');
  });

  it('refunds a fifth of a sale in whole dollars, at least $1, never more than the sale', () => {
    expect(refundCents(12_345)).toBe(2_500);
    expect(refundCents(1_000)).toBe(200);
    expect(refundCents(150)).toBe(100);
    expect(refundCents(80)).toBe(80);
  });
});
