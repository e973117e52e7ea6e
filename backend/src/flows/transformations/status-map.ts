/**
 * The status map: which Sage Pro payment status each payment trigger writes. A flow's map names only
 * what it changes; every trigger it leaves out keeps Settle's default (posting-rules.ts
 * paymentStatusFor), so an empty map behaves exactly as Settle did before flows.
 *
 * "Paid" is a claim that nothing is owed: a trigger mapped to paid (the default for approved) writes
 * partly_paid while the invoice keeps a balance. A map that names partly_paid writes it whatever the
 * balance, and null writes no status at all.
 */
import type { PaymentEventType } from '../../pipeline/events/settle-event.js';
import type { PaymentStatus } from '../../sagepro/payment-status.js';
import type { PaymentTrigger, StatusMap } from '../definition/flow-definition.js';

/** Settle's defaults: Voided → Refunded (money given back) and Charged back → charged_back (disputed). */
export const DEFAULT_STATUS_MAP: Readonly<Record<PaymentTrigger, PaymentStatus | null>> = {
  approved: 'paid',
  declined: 'failed',
  refunded: 'refunded',
  voided: 'refunded',
  charged_back: 'charged_back',
  settled: null,
};

/** 'payment.charged_back' → 'charged_back': the branch of a payment-sync flow an event takes. */
export function triggerOf(type: PaymentEventType): PaymentTrigger {
  return type.slice('payment.'.length) as PaymentTrigger;
}

/** The status a trigger writes; `balanceLeftMinor` is what the invoice still owes after this payment. */
export function statusFor(trigger: PaymentTrigger, map: StatusMap | undefined, balanceLeftMinor = 0): PaymentStatus | null {
  const named = map?.[trigger];
  const status = named === undefined ? DEFAULT_STATUS_MAP[trigger] : named;
  return status === 'paid' && balanceLeftMinor > 0 ? 'partly_paid' : status;
}
