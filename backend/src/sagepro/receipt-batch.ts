/**
 * A batch of cash receipts planned as one: each receipt is planned with the single-receipt planner
 * (planReceipt) against the records as the receipts before it in the batch left them, so two payments
 * on one invoice or one customer in a batch add up exactly as they would one transaction after the
 * other. The AR counter is read once: receipt k of the batch gets AR session int2 + k (and, when part
 * of it becomes an open credit, the next invoice number). A receipt whose plan fails its checks is
 * refused on its own, takes no number and changes no state; the others go ahead. The same reference
 * a second time in the batch is a duplicate of the first (AlreadyApplied), never a second receipt.
 * Pure: no I/O.
 */
import type { IncomingPayment } from './company.js';
import { type SageRow } from './field-rules.js';
import { baseBalanceAfter } from './base-balance.js';
import { type ArItem, currenciesOf, type CustomerAccount, planReceipt, type ReceiptAccounts, type ReceiptPlan, splitPayment } from './receipt-plan.js';

export interface BatchReceipt {
  /** The caller's position of the receipt, echoed in the answer. */
  index: number;
  /** The invoice as read under lock; receipts on the same id share its state. */
  invoice: ArItem;
  /** The customer as read under lock; receipts on the same id share its state. */
  customer: CustomerAccount;
  payment: IncomingPayment;
  currency: string;
  accounts: ReceiptAccounts;
}

export interface ArCounter {
  /** Last invoice number. */
  int1: number;
  /** Last AR session. */
  int2: number;
}

export interface ReceiptBatchPlan {
  planned: { index: number; plan: ReceiptPlan }[];
  /** Same reference as an earlier receipt of the batch that was planned. */
  duplicates: { index: number; of: number }[];
  refused: { index: number; error: unknown }[];
  /** The counter after the batch: what SYSDATA is set to. */
  counter: ArCounter;
  arcash: SageRow<'arcash'>[];
  openCredits: SageRow<'armast'>[];
  /** One absolute update per item (the last state), in id order. */
  armastUpdates: { id: number; row: SageRow<'armast'> }[];
  /** One absolute update per customer (the last state), in id order. */
  arcustUpdates: { id: number; row: SageRow<'arcust'> }[];
  ardistLines: SageRow<'ardist'>[];
}

/** References are compared trimmed and in upper case (a case-insensitive SQL Server matches so). */
export function referenceKey(reference: string): string {
  return reference.trim().toUpperCase();
}

/**
 * Plans every receipt in order. `check` sees each plan before it counts (field rules, GL accounts)
 * and refuses it by throwing.
 */
export function planReceiptBatch(
  receipts: BatchReceipt[],
  counter: ArCounter,
  base: { user: string; stamp: { date: string; time: string }; /** The company's (syccomp.currid), that of armast.bbal. */ baseCurrency?: string },
  check: (plan: ReceiptPlan) => void = () => undefined,
): ReceiptBatchPlan {
  const items = new Map<number, ArItem>();
  const customers = new Map<number, CustomerAccount>();
  const seen = new Map<string, number>();
  const out: ReceiptBatchPlan = { planned: [], duplicates: [], refused: [], counter: { ...counter }, arcash: [], openCredits: [], armastUpdates: [], arcustUpdates: [], ardistLines: [] };
  const armast = new Map<number, SageRow<'armast'>>();
  const arcust = new Map<number, SageRow<'arcust'>>();

  for (const receipt of receipts) {
    const key = referenceKey(receipt.payment.reference);
    const first = seen.get(key);
    if (first !== undefined) {
      out.duplicates.push({ index: receipt.index, of: first });
      continue;
    }
    const item = items.get(receipt.invoice.id) ?? receipt.invoice;
    const customer = customers.get(receipt.customer.id) ?? receipt.customer;
    try {
      const { toInvoice, discount, credit } = splitPayment(item.balanceCents, receipt.payment);
      const creditInvno = credit > 0 ? out.counter.int1 + 1 : undefined;
      const posting = { arsess: out.counter.int2 + 1, user: base.user, stamp: base.stamp, currency: receipt.currency, ...(base.baseCurrency ? { baseCurrency: base.baseCurrency } : {}) };
      const plan = planReceipt(item, customer, receipt.payment, receipt.accounts, posting, creditInvno);
      check(plan);
      // Counted: take its numbers and carry its effect to the next receipt of the batch.
      out.counter = { int1: creditInvno ?? out.counter.int1, int2: posting.arsess };
      const applied = toInvoice + discount;
      items.set(item.id, {
        ...item,
        paidCents: item.paidCents + applied,
        discountCents: item.discountCents + discount,
        balanceCents: item.balanceCents - applied,
        baseBalanceCents: baseBalanceAfter(item, item.balanceCents - applied, currenciesOf(posting)),
      });
      const latest = !customer.lastPaid || receipt.payment.date >= customer.lastPaid;
      customers.set(customer.id, {
        ...customer,
        balanceCents: customer.balanceCents - receipt.payment.amountCents - discount,
        lastPaid: latest ? receipt.payment.date : customer.lastPaid,
      });
      seen.set(key, receipt.index);
      out.planned.push({ index: receipt.index, plan });
      out.arcash.push(...plan.arcash);
      if (plan.openCredit) out.openCredits.push(plan.openCredit);
      for (const update of plan.armastUpdates) armast.set(update.id, { ...armast.get(update.id), ...update.row });
      arcust.set(plan.arcustUpdate.id, { ...arcust.get(plan.arcustUpdate.id), ...plan.arcustUpdate.row });
      out.ardistLines.push(...plan.ardistLines);
    } catch (error) {
      out.refused.push({ index: receipt.index, error });
    }
  }
  out.armastUpdates = [...armast].sort(([a], [b]) => a - b).map(([id, row]) => ({ id, row }));
  out.arcustUpdates = [...arcust].sort(([a], [b]) => a - b).map(([id, row]) => ({ id, row }));
  return out;
}
