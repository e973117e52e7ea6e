/**
 * The plain reference model: what Sage Pro must hold after a history, read in the order things
 * happened at PayTrace (delivery order, repeats, outages and recoveries do not change it), and the
 * comparison with what the sandbox company holds. Pure: no I/O.
 *
 * Money, not shape: a void that reached Settle before its sale may leave no receipt at all, where the
 * in-order run leaves a receipt and its full reversal; both net zero. So the model compares the money
 * per payment (receipt − reversals) and per invoice (balances), plus the invariants that hold in every
 * shape: at most one receipt of a payment's amount, reversals never beyond the receipt, declines move
 * nothing, ARDIST in balance per AR session.
 */
import type { History, HistoryEvent, Payment } from './history.js';

export interface ExpectedLedger {
  /** Net cents per payment name (receipt − reversals); declined payments are absent. */
  net: Map<string, number>;
  /** What the payment's receipt is: its cents, or 0 when no money may move at all. */
  receipt: Map<string, number>;
  /** Balance cents per invoice number. */
  balances: Map<string, number>;
}

/** Where a payment's money goes in the in-order run: an invoice (by name), a customer's account, or nowhere. */
function destination(payment: Payment): { invoice: string } | { custno: string } | null {
  // A poisoned payment ends as a dead letter (worker_crashed): no money moves.
  if (payment.declined || payment.poisoned) return null;
  if (payment.invoice) return { invoice: payment.invoice };
  if (payment.plan?.action === 'match') return { invoice: payment.plan.invoice };
  if (payment.plan?.action === 'on_account') return { custno: payment.plan.custno };
  return null;
}

/** History events in PayTrace's order: each delivery command once, whatever was held back or repeated. */
function eventsInOrder(history: History): HistoryEvent[] {
  return history.commands.flatMap((c) => (c.k === 'deliver' ? [c.event] : []));
}

export function expectedLedger(history: History): ExpectedLedger {
  const receipt = new Map<string, number>();
  const net = new Map<string, number>();
  const byName = new Map(history.payments.map((p) => [p.name, p]));
  for (const payment of history.payments) {
    if (payment.declined) continue;
    const cents = destination(payment) ? payment.cents : 0;
    receipt.set(payment.name, cents);
    net.set(payment.name, cents);
  }
  for (const event of eventsInOrder(history)) {
    const payment = byName.get(event.payment)!;
    if (payment.declined || event.type === 'payment.approved' || event.type === 'payment.declined') continue;
    const left = net.get(payment.name)!;
    // A void takes the whole receipt back; refunds and chargebacks at most what is left of it.
    const reversed = event.type === 'payment.voided' ? left : Math.min(event.cents, left);
    net.set(payment.name, left - reversed);
  }
  const balances = new Map(history.invoices.map((i) => [i.invno, i.cents]));
  for (const payment of history.payments) {
    const to = destination(payment);
    if (!to || !('invoice' in to)) continue;
    const invno = history.invoices.find((i) => i.name === to.invoice)!.invno;
    balances.set(invno, balances.get(invno)! - net.get(payment.name)!);
  }
  return { net, receipt, balances };
}

/** What the sandbox company holds for a history (read by the runner). */
export interface ObservedLedger {
  /** ARCASH lines per Settle reference (PT…), cents and the item they went to. */
  lines: Map<string, { invno: string; custno: string; cents: number }[]>;
  /** ARMAST balance cents per invoice number. */
  balances: Map<string, number>;
  /** AR sessions of the history's references whose ARDIST lines do not sum to zero. */
  unbalancedSessions: string[];
  /** The history's events still queued, processing or waiting after settling (none, when it settled). */
  unsettled: { type: string; state: string; transactionId: string }[];
  /** Every event of the history as the inbox ended it (for reading a failure; not compared). */
  events?: { type: string; state: string; transactionId: string; outcome: unknown }[];
}

export interface Violation {
  /** The invariant that broke, with the payment's shape: the key faults are grouped by. */
  invariant: string;
  detail: string;
}

/** The Settle references a payment's money moves under: its receipt, and each of its reversals. */
export function referencesOf(history: History, payment: Payment): { receipt: string; reversals: string[] } {
  const reversals = eventsInOrder(history)
    .filter((e) => e.payment === payment.name && e.type !== 'payment.approved' && e.type !== 'payment.declined')
    .map((e) => (e.type === 'payment.voided' ? `PT${e.transactionId}-V` : e.type === 'payment.charged_back' ? `PT${e.transactionId}-CB` : `PT${e.transactionId}`));
  return { receipt: `PT${payment.transactionId}`, reversals };
}

/** The payment's shape, for grouping: what happened to it in the history. */
function shapeOf(history: History, payment: Payment): string {
  const types = new Set(eventsInOrder(history).filter((e) => e.payment === payment.name).map((e) => e.type));
  const shape = types.has('payment.voided') ? 'voided' : types.has('payment.charged_back') ? 'charged back' : types.has('payment.refunded') ? 'refunded' : 'approved';
  if (payment.poisoned) return 'poisoned';
  return payment.invoice ? shape : `${shape}, unknown document`;
}

const sum = (lines: { cents: number }[] | undefined) => (lines ?? []).reduce((total, line) => total + line.cents, 0);

export function compareLedgers(history: History, expected: ExpectedLedger, observed: ObservedLedger): Violation[] {
  const violations: Violation[] = [];
  if (observed.unsettled.length) {
    violations.push({ invariant: 'settles (no event left queued, processing or waiting)', detail: JSON.stringify(observed.unsettled) });
  }
  for (const payment of history.payments) {
    const { receipt, reversals } = referencesOf(history, payment);
    const receiptLines = observed.lines.get(receipt) ?? [];
    const received = sum(receiptLines);
    if (payment.declined) {
      if (receiptLines.length) violations.push({ invariant: 'a decline moves no money', detail: `${payment.name}: ${JSON.stringify(receiptLines)}` });
      continue;
    }
    const shape = shapeOf(history, payment);
    // An overpayment would add an open-credit line; the histories never overpay, so one line per receipt.
    if (receiptLines.length > 1 || (received !== 0 && received !== payment.cents)) {
      violations.push({ invariant: `at most one receipt of the payment's amount (${shape})`, detail: `${payment.name} ${payment.cents}: ${JSON.stringify(receiptLines)}` });
    }
    const reversed = -reversals.reduce((total, reference) => total + sum(observed.lines.get(reference)), 0);
    if (reversed > received) {
      violations.push({ invariant: `reversals never exceed the receipt (${shape})`, detail: `${payment.name}: receipt ${received}, reversed ${reversed}` });
    }
    const net = received - reversed;
    if (net !== expected.net.get(payment.name)) {
      violations.push({ invariant: `net money per payment (${shape})`, detail: `${payment.name}: Sage Pro nets ${net}, the model ${expected.net.get(payment.name)} (receipt ${received}, reversed ${reversed})` });
    }
    const invoice = payment.invoice ?? (payment.plan?.action === 'match' ? payment.plan.invoice : null);
    const invno = invoice && history.invoices.find((i) => i.name === invoice)!.invno;
    if (invno && receiptLines.some((line) => line.invno !== invno)) {
      violations.push({ invariant: `a receipt goes to its invoice (${shape})`, detail: `${payment.name} → ${invno}: ${JSON.stringify(receiptLines)}` });
    }
  }
  for (const invoice of history.invoices) {
    const want = expected.balances.get(invoice.invno);
    const have = observed.balances.get(invoice.invno);
    if (want !== have) violations.push({ invariant: 'invoice balance = original − net receipts', detail: `${invoice.name} ${invoice.invno}: Sage Pro ${have}, the model ${want}` });
  }
  if (observed.unbalancedSessions.length) violations.push({ invariant: 'ARDIST debits = credits per AR session', detail: observed.unbalancedSessions.join(', ') });
  return violations;
}

/** Every reference a history may write under. */
export function allReferences(history: History): string[] {
  return history.payments.flatMap((p) => {
    const { receipt, reversals } = referencesOf(history, p);
    return [receipt, ...reversals];
  });
}
