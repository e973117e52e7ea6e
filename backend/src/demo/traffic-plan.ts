/**
 * What the demo tenant's "other systems" do next: a plain function of what happened so far and a
 * die, so the mix is easy to read and to test. Most ticks are approved invoice payments; now and then
 * a decline, a refund or chargeback of an earlier sale, a Shopify order, a card payment a clerk keys
 * straight into Sage Pro (so reconciliation has a real difference to find), or a short Sage Pro outage.
 */

export interface DemoTrafficOptions {
  /** One action per tick: ~1 payment every 4 s is gentle enough to watch. */
  intervalMs: number;
  /** A Sage Pro outage refuses connections this long, then the sandbox recovers by itself. */
  outageMs: number;
  /** At most one outage this often, and none in the first minute (newcomers first see it work). */
  outageEveryMs: number;
  /** A sale is refunded or charged back only once it is this old (its receipt has landed by then). */
  reversibleAfterMs: number;
  /** The merchant's batch closes (PayTrace settles) this often, so few transactions stay open. */
  settleEveryMs: number;
  /** Fewer payable open invoices than this: the sandbox company's users enter new ones. */
  lowInvoices: number;
  /** How many invoices they enter then. */
  newInvoices: number;
}

export const DEFAULT_DEMO_TRAFFIC: DemoTrafficOptions = {
  intervalMs: 4_000,
  outageMs: 10_000,
  outageEveryMs: 5 * 60_000,
  reversibleAfterMs: 15_000,
  settleEveryMs: 2 * 60_000,
  lowInvoices: 25,
  newInvoices: 10,
};

export type DemoAction = 'sale' | 'decline' | 'refund' | 'chargeback' | 'shopify_order' | 'clerk_receipt' | 'order_payment' | 'outage';

export interface TrafficState {
  /** Ticks already acted on since the generator started. */
  ticks: number;
  /** ms since the generator started. */
  runningMs: number;
  /** ms since the last outage; null when there was none. */
  sinceOutageMs: number | null;
  /** Earlier approved sales that may still be refunded or charged back. */
  reversibleSales: number;
  /** A Shopify order Settle has turned into a sales order is waiting for its payment. */
  orderAwaitingPayment: boolean;
}

/** The first ticks are plain approved payments: within seconds a newcomer sees receipts land. */
const WARM_UP_TICKS = 3;
const OUTAGE_CHANCE = 0.05;

/** Cumulative odds of the ordinary mix (the rest is approved sales). */
const MIX: readonly [DemoAction, number][] = [
  ['decline', 0.08],
  ['refund', 0.18],
  ['chargeback', 0.22],
  ['shopify_order', 0.32],
  ['clerk_receipt', 0.34],
];

export function nextAction(state: TrafficState, options: DemoTrafficOptions, random: () => number): DemoAction {
  if (state.orderAwaitingPayment) return 'order_payment';
  if (state.ticks < WARM_UP_TICKS) return 'sale';
  const outageDue = state.runningMs >= 60_000 && (state.sinceOutageMs === null || state.sinceOutageMs >= options.outageEveryMs);
  // Two rolls every time, the first for an outage: the mix does not shift when one is not due.
  const outageRoll = random();
  if (outageDue && outageRoll < OUTAGE_CHANCE) return 'outage';
  const roll = random();
  const action = MIX.find(([, upTo]) => roll < upTo)?.[0] ?? 'sale';
  if ((action === 'refund' || action === 'chargeback') && state.reversibleSales === 0) return 'sale';
  return action;
}

/** A refund gives back part of a sale: a fifth, in whole dollars, at least $1 and never more than the sale. */
export function refundCents(saleCents: number): number {
  return Math.min(saleCents, Math.max(100, Math.round(saleCents / 500) * 100));
}

/** PayTrace's sandbox declines $0.29 (EXPIRED CARD), as the real sandbox does. */
export const DECLINED_CENTS = 29;

export const CHARGEBACK_REASONS: readonly string[] = ['10.4 Other Fraud - Card Absent', '13.1 Merchandise Not Received', '13.3 Not as Described', '12.6 Duplicate Processing'];
