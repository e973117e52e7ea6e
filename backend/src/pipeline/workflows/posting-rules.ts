/**
 * The tenant's posting defaults as plain functions: which Sage Pro payment status an event means,
 * which GL account it posts to, and which date Sage Pro sees. The mappings issue will make these
 * versioned and editable; today they are the defaults every tenant starts with.
 */
import type { PaymentStatus } from '../../sagepro/payment-status.js';
import type { PaymentEventType } from '../events/settle-event.js';

/** Approved→Paid (Partly paid while a balance remains), Declined→Failed, Refunded/Voided→Refunded. */
export function paymentStatusFor(type: PaymentEventType, balanceLeftCents = 0): PaymentStatus | null {
  switch (type) {
    case 'payment.approved':
      return balanceLeftCents > 0 ? 'partly_paid' : 'paid';
    case 'payment.declined':
      return 'failed';
    case 'payment.refunded':
    case 'payment.voided':
      return 'refunded';
    case 'payment.charged_back':
      return 'charged_back';
    case 'payment.settled':
      return null;
  }
}

export interface GlAccounts {
  cash: string;
  refunds: string;
  chargebacks: string;
}

/** The account the transaction type selects: cash for payments, the refund or chargeback account for money taken back. */
export function glAccountFor(type: PaymentEventType, accounts: GlAccounts): string | null {
  if (type === 'payment.approved') return accounts.cash;
  if (type === 'payment.refunded' || type === 'payment.voided') return accounts.refunds;
  if (type === 'payment.charged_back') return accounts.chargebacks;
  return null;
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one, and this runs per event. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in the tenant's time zone, as Sage Pro stores dates: 'YYYY-MM-DD'. */
export function sageDate(instant: string | Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** 'YYYY-MM-DD' moved by whole days (for the match window). */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
