/**
 * May a manual review be resolved by posting its payment (to an invoice or on account)? Only if the
 * payment's known history leaves money to post: a sale that was voided, or refunded and charged back
 * in full, has nothing left, and posting it would put a receipt in Sage Pro for money that never
 * stayed with the merchant. Dismissing is always allowed.
 */

export interface ReviewedPayment {
  /** The reviewed event's type; only a sale (payment.approved) is subject to its history. */
  type: string;
  amountMinor: bigint;
}

/** A later event of the same payment: its void (same transaction) or a refund/chargeback naming it. */
export interface ReversalOfPayment {
  type: string;
  amountMinor: bigint | null;
  /** When PayTrace says it happened, else when Settle received it. */
  at: Date;
}

export type PostingVerdict = { mayPost: true } | { mayPost: false; reason: string };

const day = (at: Date) => at.toISOString().slice(0, 10);

export function mayPostReviewedPayment(payment: ReviewedPayment, reversals: readonly ReversalOfPayment[]): PostingVerdict {
  if (payment.type !== 'payment.approved') return { mayPost: true };
  const inOrder = [...reversals].sort((a, b) => a.at.getTime() - b.at.getTime());
  const voided = inOrder.find((r) => r.type === 'payment.voided');
  if (voided) return { mayPost: false, reason: `the payment was voided in PayTrace on ${day(voided.at)}; nothing to post` };
  let reversed = 0n;
  const kinds = new Set<string>();
  for (const reversal of inOrder) {
    if (reversal.type !== 'payment.refunded' && reversal.type !== 'payment.charged_back') continue;
    reversed += reversal.amountMinor ?? 0n;
    kinds.add(reversal.type === 'payment.refunded' ? 'refunded' : 'charged back');
    if (reversed >= payment.amountMinor) {
      const how = [...kinds].join(' and ');
      return { mayPost: false, reason: `the payment was ${how} in full in PayTrace by ${day(reversal.at)}; nothing to post` };
    }
  }
  return { mayPost: true };
}

/** What a person decided in a review; numbers are Sage Pro keys, trimmed and upper-cased. */
export type ReviewDecision =
  | { action: 'match_invoice'; invno: string }
  | { action: 'post_on_account'; custno: string }
  | { action: 'reverse_receipt'; receiptReference: string }
  | { action: 'dismiss' };

const REVERSALS = ['payment.refunded', 'payment.voided', 'payment.charged_back'];

/**
 * What a review's event can be resolved with: a sale is placed on an invoice or an account, a refund,
 * void or chargeback on the receipt it takes money back from; either may be dismissed. Null: it fits;
 * otherwise why not.
 */
export function actionMisfit(eventType: string, action: ReviewDecision['action']): string | null {
  if (action === 'dismiss') return null;
  const reversal = REVERSALS.includes(eventType);
  if (reversal && action !== 'reverse_receipt') return `a ${eventType} is resolved by choosing the receipt it reverses (reverse_receipt), or dismissed`;
  if (!reversal && action === 'reverse_receipt') return `a ${eventType} is matched to an invoice or posted on account, not placed on a receipt`;
  return null;
}

/**
 * The same resolution: the same action with the same target (invoice or customer number). Asking for
 * it again answers as the first time did (a retried request, a double click), and requeues nothing;
 * anything else on a resolved review is a conflict. A review resolved before decisions were kept
 * (`null`) matches nothing.
 */
export function sameDecision(done: ReviewDecision | null, asked: ReviewDecision): boolean {
  if (!done || done.action !== asked.action) return false;
  if (done.action === 'match_invoice') return done.invno === (asked as typeof done).invno;
  if (done.action === 'post_on_account') return done.custno === (asked as typeof done).custno;
  if (done.action === 'reverse_receipt') return done.receiptReference === (asked as typeof done).receiptReference;
  return true;
}

/** 'matched to invoice 1042', 'posted on account of customer ACME01', 'dismissed'. */
export function describeDecision(decision: ReviewDecision | null, resolution: string): string {
  if (!decision) return resolution;
  if (decision.action === 'match_invoice') return `matched to invoice ${decision.invno}`;
  if (decision.action === 'post_on_account') return `posted on account of customer ${decision.custno}`;
  if (decision.action === 'reverse_receipt') return `placed on receipt ${decision.receiptReference}`;
  return 'dismissed';
}
