/**
 * What a cash receipt writes, decided from the records read under lock, before anything is written:
 * - an ARCASH line on the invoice (paid + discount taken);
 * - ARMAST: paidamt and disamt up, balance (and bbal, in the company's base currency: base-balance.ts)
 *   down, dtepaid the payment date;
 * - an overpayment's remainder (or a payment on account) as an open credit: an ARMAST item with
 *   artype 'O', invamt 0, paidamt R and balance -R, plus its own ARCASH line (invno = the credit's
 *   number), so that for every item paidamt = Σ arcash.paidamt + disamt and balance = invamt - paidamt;
 * - ARCUST: balance down by cash + discount; lastpay/lpymt when it is the latest payment;
 * - ARDIST per item: Dr cash (and Dr discounts), Cr AR, summing to zero.
 */
import type { IncomingPayment } from './company.js';
import { validationError } from './errors.js';
import { sageKey } from './keys.js';
import { baseBalanceAfter, creditBase, type Currencies, itemRatio, minorRatioOf } from './base-balance.js';
import { fitsSageMoney, minorToSageMoney, SAGE_MONEY_RULE } from './money.js';
import type { SageRow } from './field-rules.js';

/** An AR item (invoice or open credit) as read under lock; keys as stored (padded). */
export interface ArItem {
  id: number;
  invno: string;
  custno: string;
  /** 'O' for an open credit. */
  artype: string;
  balanceCents: number;
  /** armast.bbal, in minor units of the posting's base currency. */
  baseBalanceCents: number;
  paidCents: number;
  discountCents: number;
  arAccount: string;
}

export interface CustomerAccount {
  id: number;
  /** As stored (padded). */
  custno: string;
  balanceCents: number;
  lastPaid: string | null;
}

/** Who writes, when (Sage Pro's adduser/adddate/addtime), in which AR session and currency. */
export interface Posting {
  arsess: number;
  user: string;
  stamp: { date: string; time: string };
  /** The ISO code every amount of the plan is in (minor units) and arcash/armast.currid. */
  currency: string;
  /** The company's base currency (syccomp.currid), that of armast.bbal; `currency` when absent. */
  baseCurrency?: string;
}

/** The plan's document and base currencies. */
export const currenciesOf = (posting: Posting): Currencies => ({ currency: posting.currency, baseCurrency: posting.baseCurrency ?? posting.currency });

/** Minor units of the posting's currency → Sage Pro money text. */
const moneyOf = (posting: Posting) => (minor: number) => minorToSageMoney(minor, posting.currency);

export interface ReceiptAccounts {
  cash: string;
  discounts: string;
  /** AR account of an open credit (the customer's aracct or the connection's receivables). */
  creditAr: string;
}

/** Everything one operation writes, validated as a whole before the first write. */
export interface ReceiptPlan {
  arcash: SageRow<'arcash'>[];
  /** By id_col: the record read under lock, never by key. */
  armastUpdates: { id: number; row: SageRow<'armast'> }[];
  openCredit?: SageRow<'armast'>;
  arcustUpdate: { id: number; row: SageRow<'arcust'> };
  ardistLines: SageRow<'ardist'>[];
}

/** How a payment divides between the invoice and an open credit. */
export function splitPayment(invoiceBalanceCents: number, payment: IncomingPayment): { toInvoice: number; discount: number; credit: number } {
  checkPayment(payment);
  const discount = payment.discountCents ?? 0;
  const owed = Math.max(0, invoiceBalanceCents);
  if (discount > owed) throw validationError('arcash.disamt', discount, `discount at most the invoice balance (${owed} ${payment.currency} minor units)`);
  const toInvoice = Math.min(payment.amountCents, owed - discount);
  return { toInvoice, discount, credit: payment.amountCents - toInvoice };
}

/** Amounts in minor units of the payment's currency (checked first by checkIncoming). */
export function checkPayment(payment: IncomingPayment): void {
  if (!Number.isSafeInteger(payment.amountCents) || payment.amountCents <= 0) {
    throw validationError('arcash.paidamt', payment.amountCents, `a positive whole number of ${payment.currency} minor units`);
  }
  if (!fitsSageMoney(payment.amountCents, payment.currency)) throw validationError('arcash.paidamt', payment.amountCents, SAGE_MONEY_RULE);
  const discount = payment.discountCents ?? 0;
  if (!Number.isSafeInteger(discount) || discount < 0) throw validationError('arcash.disamt', discount, `a whole number of ${payment.currency} minor units, not negative`);
  if (!fitsSageMoney(discount, payment.currency)) throw validationError('arcash.disamt', discount, SAGE_MONEY_RULE);
  if (!payment.reference.trim()) throw validationError('arcash.refno', payment.reference, 'a Settle reference');
}

/** A payment on `invoice` (null: on account). `creditInvno` is required when part of it becomes a credit. */
export function planReceipt(
  invoice: ArItem | null,
  customer: CustomerAccount,
  payment: IncomingPayment,
  accounts: ReceiptAccounts,
  posting: Posting,
  creditInvno?: number,
): ReceiptPlan {
  const { toInvoice, discount, credit } = splitPayment(invoice?.balanceCents ?? 0, payment);
  const money = moneyOf(posting);
  const currencies = currenciesOf(posting);
  const plan: ReceiptPlan = { arcash: [], armastUpdates: [], ardistLines: [], arcustUpdate: customerUpdate(customer, payment, discount, posting) };
  const line = (invno: string, paid: number, disc: number) => cashLine(customer.custno, invno, payment, paid, disc, accounts.cash, posting);

  if (invoice && toInvoice + discount > 0) {
    plan.arcash.push(line(invoice.invno, toInvoice, discount));
    plan.armastUpdates.push({
      id: invoice.id,
      row: {
        paidamt: money(invoice.paidCents + toInvoice + discount),
        disamt: money(invoice.discountCents + discount),
        balance: money(invoice.balanceCents - toInvoice - discount),
        bbal: minorToSageMoney(baseBalanceAfter(invoice, invoice.balanceCents - toInvoice - discount, currencies), currencies.baseCurrency),
        dtepaid: payment.date,
      },
    });
    const dist = distribution(invoice.invno, customer.custno, payment.description ?? `Receipt ${payment.reference}`, payment.date, posting);
    if (toInvoice) plan.ardistLines.push(dist(accounts.cash, toInvoice));
    if (discount) plan.ardistLines.push(dist(accounts.discounts, discount));
    plan.ardistLines.push(dist(invoice.arAccount, -(toInvoice + discount)));
  }

  if (credit > 0) {
    if (creditInvno === undefined) throw new Error('planReceipt: an open credit needs a number');
    const invno = sageKey('invno', creditInvno);
    plan.arcash.push(line(invno, credit, 0));
    // Split from an invoice, the credit is at the invoice's rate; on account, at the rate of the day.
    const rate = (invoice && itemRatio(invoice)) ?? minorRatioOf(payment.baseRate, currencies);
    plan.openCredit = openCreditItem(invno, customer.custno, payment, credit, accounts.creditAr, posting, creditBase(-credit, currencies, rate));
    const dist = distribution(invno, customer.custno, payment.description ?? `On account ${payment.reference}`, payment.date, posting);
    plan.ardistLines.push(dist(accounts.cash, credit), dist(accounts.creditAr, -credit));
  }
  return plan;
}

function customerUpdate(customer: CustomerAccount, payment: IncomingPayment, discount: number, posting: Posting): { id: number; row: SageRow<'arcust'> } {
  const latest = !customer.lastPaid || payment.date >= customer.lastPaid;
  const money = moneyOf(posting);
  return {
    id: customer.id,
    row: {
      balance: money(customer.balanceCents - payment.amountCents - discount),
      ...(latest ? { lastpay: payment.date, lpymt: money(payment.amountCents) } : {}),
    },
  };
}

export function cashLine(
  custno: string,
  invno: string,
  payment: Pick<IncomingPayment, 'reference' | 'date'>,
  paidCents: number,
  discountCents: number,
  cashAccount: string,
  posting: Posting,
): SageRow<'arcash'> {
  const money = moneyOf(posting);
  return {
    custno,
    invno,
    refno: payment.reference.trim(),
    dtepaid: payment.date,
    paidamt: money(paidCents),
    disamt: money(discountCents),
    arsess: sageKey('arsess', posting.arsess),
    cashacct: cashAccount,
    currid: posting.currency,
    ...stampOf(posting),
  };
}

function openCreditItem(invno: string, custno: string, payment: IncomingPayment, credit: number, arAccount: string, posting: Posting, baseBalance: number): SageRow<'armast'> {
  const money = moneyOf(posting);
  return {
    invno,
    custno,
    invdte: payment.date,
    artype: 'O',
    arstat: '',
    refno: payment.reference.trim(),
    invamt: money(0),
    paidamt: money(credit),
    disamt: money(0),
    balance: money(-credit),
    bbal: minorToSageMoney(baseBalance, currenciesOf(posting).baseCurrency),
    currid: posting.currency,
    glarec: arAccount,
    dtepaid: payment.date,
    ...stampOf(posting),
  };
}

/** ARDIST lines of one item: amount > 0 debit, < 0 credit. Descriptions are cut to fit, never keys. */
export function distribution(tranno: string, custno: string, descrip: string, date: string, posting: Posting) {
  const money = moneyOf(posting);
  return (glacnt: string, cents: number): SageRow<'ardist'> => ({
    tranno,
    custno,
    glacnt,
    descrip: descrip.slice(0, 30),
    amount: money(cents),
    trandte: date,
    arsess: sageKey('arsess', posting.arsess),
    ...stampOf(posting),
  });
}

export function stampOf(posting: Posting): { adduser: string; adddate: string; addtime: string } {
  return { adduser: posting.user, adddate: posting.stamp.date, addtime: posting.stamp.time };
}
