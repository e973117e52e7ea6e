/**
 * What reversing an applied receipt writes. Every reversal un-applies cash: the receipt's items get
 * their balance back (the invoice is owed again; a Sage Pro user decides on a credit memo or a
 * write-off), the customer's balance rises, and ARCASH gets a negative line under the reversal's own
 * reference. GL: Dr AR, Cr the account the money left through:
 * - void: the account the receipt debited (arcash.cashacct): the card never settled, so the clearing
 *   entry is simply undone; a discount the receipt took is reversed too (Cr discounts);
 * - refund: the connection's refunds account; chargeback: its chargebacks account.
 * Cash comes off an open credit first, then the invoice: refunding an overpayment empties the credit.
 * bbal (the base-currency balance) moves back at the item's own rate (base-balance.ts).
 */
import type { ReceiptReversal, ReversalKind } from './company.js';
import { validationError } from './errors.js';
import { minorToSageMoney } from './money.js';
import { baseBalanceAfter, minorRatioOf } from './base-balance.js';
import { type ArItem, cashLine, currenciesOf, type CustomerAccount, distribution, type Posting, type ReceiptPlan } from './receipt-plan.js';

/** One ARCASH line of the receipt being reversed, with the item it was applied to. */
export interface AppliedLine {
  item: ArItem;
  paidCents: number;
  discountCents: number;
  cashAccount: string;
  /** Cash on the item after every receipt and reversal so far (Σ arcash.paidamt of its invno). */
  itemCashCents: number;
}

export interface ReversalAccounts {
  refunds: string;
  chargebacks: string;
  discounts: string;
}

const LABEL: Record<ReversalKind, string> = { refund: 'Refund', void: 'Void', chargeback: 'Chargeback' };

export function planReversal(
  reversal: ReceiptReversal,
  lines: AppliedLine[],
  customer: CustomerAccount,
  accounts: ReversalAccounts,
  posting: Posting,
): ReceiptPlan {
  const ordered = [...lines].sort((a, b) => Number(b.item.artype === 'O') - Number(a.item.artype === 'O'));
  const available = ordered.map((line) => Math.max(0, Math.min(line.paidCents, line.itemCashCents)));
  const total = available.reduce((sum, cents) => sum + cents, 0);
  const amount = reversalAmount(reversal, total, posting.currency);
  const money = (minor: number) => minorToSageMoney(minor, posting.currency);
  // bbal moves back at each item's own rate; one the receipt paid in full keeps none, so the caller's.
  const currencies = currenciesOf(posting);
  const given = minorRatioOf(reversal.baseRate, currencies);

  const plan: ReceiptPlan = { arcash: [], armastUpdates: [], ardistLines: [], arcustUpdate: { id: customer.id, row: {} } };
  let left = amount;
  let restored = 0;
  ordered.forEach((line, i) => {
    const cash = Math.min(left, available[i]);
    if (cash === 0) return;
    left -= cash;
    const discount = reversal.kind === 'void' && cash === line.paidCents ? Math.min(line.discountCents, line.item.discountCents) : 0;
    const creditAccount = reversal.kind === 'void' ? line.cashAccount : reversal.kind === 'refund' ? accounts.refunds : accounts.chargebacks;
    const { item } = line;
    plan.arcash.push(cashLine(customer.custno, item.invno, reversal, -cash, -discount, creditAccount, posting));
    plan.armastUpdates.push({
      id: item.id,
      row: {
        paidamt: money(item.paidCents - cash - discount),
        disamt: money(item.discountCents - discount),
        balance: money(item.balanceCents + cash + discount),
        bbal: minorToSageMoney(baseBalanceAfter(item, item.balanceCents + cash + discount, currencies, given), currencies.baseCurrency),
      },
    });
    const dist = distribution(item.invno, customer.custno, reversal.description ?? `${LABEL[reversal.kind]} ${reversal.reference}`, reversal.date, posting);
    plan.ardistLines.push(dist(item.arAccount, cash + discount), dist(creditAccount, -cash));
    if (discount) plan.ardistLines.push(dist(accounts.discounts, -discount));
    restored += cash + discount;
  });
  plan.arcustUpdate.row = { balance: money(customer.balanceCents + restored) };
  return plan;
}

function reversalAmount(reversal: ReceiptReversal, total: number, currency: string): number {
  if (!reversal.reference.trim()) throw validationError('arcash.refno', reversal.reference, 'a Settle reference');
  if (total === 0) throw validationError('arcash.paidamt', 0, 'a receipt with cash left to reverse');
  const amount = reversal.amountCents ?? total;
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > total) {
    throw validationError('arcash.paidamt', amount, `a whole number of ${currency} minor units from 1 to the receipt's unreversed ${total}`);
  }
  if (reversal.kind === 'void' && amount !== total) throw validationError('arcash.paidamt', amount, `a void reverses the whole receipt (${total} ${currency} minor units)`);
  return amount;
}
