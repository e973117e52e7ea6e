/**
 * What each payment event should do in Sage Pro, decided from facts the engine gathered (no I/O
 * here). The engine carries the decision out through the idempotent connector and records it.
 */
import type { ReceiptReversal, ReversalKind } from '../../sagepro/company.js';
import type { PaymentStatus } from '../../sagepro/payment-status.js';
import { payTraceReference } from '../../sagepro/references.js';
import type { PaymentEvent } from '../events/settle-event.js';
import { type InvoiceChoice, type NamedQuery, sageCustomerNumber } from './invoice-matching.js';
import { paymentStatusFor } from './posting-rules.js';

export type UnmatchedPolicy = 'manual_review' | 'payment_on_account';

/** Where a status goes: the invoice (and through it its order) or an order that has no invoice yet. */
export interface StatusTarget {
  invno?: string;
  sono?: string;
}

export interface SaleFacts {
  /** The first matching rule that found something, and what it found. */
  match: { rule: NamedQuery['rule'] | null; choice: InvoiceChoice };
  /** An open sales order Settle created for the document number (order-to-cash), when no invoice matched. */
  order: { sono: string; custno: string } | null;
  /** The invoice the document names, already paid by an earlier Settle receipt. */
  paidInvoice: string | null;
}

export type SaleDecision =
  | { kind: 'apply_to_invoice'; invno: string; custno: string; rule: string; status: PaymentStatus; target: StatusTarget; currency?: string }
  | { kind: 'apply_to_order'; sono: string; custno: string; rule: string; status: PaymentStatus; target: StatusTarget }
  | { kind: 'on_account'; custno: string; rule: string }
  | { kind: 'review'; reason: 'invoice_not_found' | 'potential_overpayment'; detail: Record<string, unknown> };

export function decideSale(event: PaymentEvent, facts: SaleFacts, policy: UnmatchedPolicy): SaleDecision {
  const { choice, rule } = facts.match;
  if (choice.kind === 'one') {
    const invoice = choice.invoice;
    const status = paymentStatusFor('payment.approved', invoice.balanceCents - event.amountMinor)!;
    return { kind: 'apply_to_invoice', invno: invoice.invno, custno: invoice.custno, rule: rule!, status, target: { invno: invoice.invno }, currency: invoice.currency };
  }
  if (facts.order) {
    return { kind: 'apply_to_order', sono: facts.order.sono, custno: facts.order.custno, rule: 'settle_sales_order', status: 'paid', target: { sono: facts.order.sono } };
  }
  if (facts.paidInvoice) {
    return { kind: 'review', reason: 'potential_overpayment', detail: { invno: facts.paidInvoice, documentNumber: event.documentNumber } };
  }
  const custno = sageCustomerNumber(event.customer?.number);
  if (policy === 'payment_on_account' && custno) return { kind: 'on_account', custno, rule: 'unmatched_to_account' };
  const candidates = choice.kind === 'ambiguous' ? choice.candidates : [];
  return { kind: 'review', reason: 'invoice_not_found', detail: { documentNumber: event.documentNumber ?? null, candidates } };
}

/** A declined payment: the invoice or order it was for is marked Payment Failed (when one matched). */
export function decideDecline(facts: SaleFacts): { status: PaymentStatus; target: StatusTarget | null } {
  const { choice } = facts.match;
  if (choice.kind === 'one') return { status: 'failed', target: { invno: choice.invoice.invno } };
  if (facts.order) return { status: 'failed', target: { sono: facts.order.sono } };
  return { status: 'failed', target: null };
}

/** A receipt Settle wrote, as a later refund, void or chargeback of its payment finds it. */
export interface ReceiptFact {
  reference: string;
  invno: string | null;
  sono: string | null;
  custno: string | null;
  amountMinor: number;
  /** What earlier reversals (not this event's own) already took back from it. */
  reversedMinor: number;
  /** The receipt was written in another currency than the payment's: at this rate (the flow converted it). */
  conversion?: { currency: string; rate: string; exact?: string };
}

/**
 * Where the sale a reversal acts on stands in Settle: unknown, being worked on (queued, processing,
 * waiting: it will end soon by itself), parked until a person acts (dead letter, manual review, a
 * paused integration), or finished (done or ignored).
 */
export type SaleProgress = 'unknown' | 'in_flight' | 'parked' | 'finished';

const IN_FLIGHT = ['queued', 'processing', 'waiting'];
const PARKED = ['dead', 'manual_review', 'paused'];

/** Where the payment's sale stands, from the states of its sale events (a duplicate delivery is a second one). */
export function saleProgressOf(states: string[]): SaleProgress {
  if (states.some((state) => IN_FLIGHT.includes(state))) return 'in_flight';
  if (states.some((state) => PARKED.includes(state))) return 'parked';
  return states.length ? 'finished' : 'unknown';
}

export interface ReversalFacts {
  /** The sale's receipt (by original transaction id: at most one) or the document's receipts. */
  receipts: ReceiptFact[];
  /** Its sale's events (by original), or every sale of the document (by document). */
  sale: SaleProgress;
  /**
   * The receipts were found by document number alone (no original named, no person chose one): a
   * sale of the document still on its way may be the one this reversal belongs to.
   */
  byDocument?: boolean;
  /** How long this event has waited for an unknown sale so far, and how long it may. */
  waitedMs: number;
  maxWaitMs: number;
}

/** How a reversal was placed on its receipt, for the timeline and the outcome. */
export interface ReversalPlacement {
  receipt: ReceiptFact;
  /** Left of the receipt before this reversal. */
  remainingMinor: number;
  /** What this reversal takes back (a void: everything left). */
  reversedMinor: number;
  /** Asked for beyond what was left: not reversed (the timeline says so). */
  beyondReceiptMinor: number;
}

export type ReversalReviewReason = 'original_payment_not_found' | 'ambiguous_original';

export type ReversalDecision =
  | { kind: 'reverse'; reversal: ReceiptReversal; status: PaymentStatus; target: StatusTarget; dispute: boolean; placement: ReversalPlacement }
  | { kind: 'wait'; why: string; parked: boolean }
  | { kind: 'review'; reason: ReversalReviewReason; detail: Record<string, unknown> }
  | { kind: 'nothing'; why: string };

const REVERSAL_KIND: Partial<Record<PaymentEvent['type'], ReversalKind>> = {
  'payment.refunded': 'refund',
  'payment.voided': 'void',
  'payment.charged_back': 'chargeback',
};

/** The reference a reversal event writes under: its own transaction, suffixed for voids and chargebacks. */
export function reversalReference(event: PaymentEvent): string {
  const kind = REVERSAL_KIND[event.type];
  if (!kind) throw new RangeError(`${event.type} is not a reversal`);
  return payTraceReference(event.transactionId, kind);
}

/**
 * A refund, void or chargeback, decided on its payment's whole known history: which receipt it takes
 * money back from (never a guess between several), how much is left of it after earlier reversals
 * (never more than that), and what to do while its sale is still on its way or parked.
 */
export function decideReversal(event: PaymentEvent, facts: ReversalFacts, date: string): ReversalDecision {
  const kind = REVERSAL_KIND[event.type];
  if (!kind) throw new RangeError(`${event.type} is not a reversal`);
  const open = facts.receipts.filter((receipt) => receipt.amountMinor - receipt.reversedMinor > 0);
  if (!facts.receipts.length) return withoutReceipt(event, kind, facts);
  if (facts.byDocument && (facts.sale === 'in_flight' || facts.sale === 'parked')) {
    // Which payment it belongs to is told by amount among the document's receipts: wait for them all.
    return { kind: 'wait', why: 'another sale of its document is still being synced', parked: facts.sale === 'parked' };
  }
  if (!open.length) return { kind: 'nothing', why: 'its receipt was already reversed in full' };
  const receipt = pickReceipt(event, kind, open);
  if (!receipt) {
    return {
      kind: 'review',
      reason: 'ambiguous_original',
      detail: {
        originalTransactionId: event.originalTransactionId ?? null,
        documentNumber: event.documentNumber ?? null,
        amountMinor: event.amountMinor,
        candidates: open.map((r) => ({ reference: r.reference, invno: r.invno, remainingMinor: r.amountMinor - r.reversedMinor })),
      },
    };
  }
  const remainingMinor = receipt.amountMinor - receipt.reversedMinor;
  const reversedMinor = kind === 'void' ? remainingMinor : Math.min(event.amountMinor, remainingMinor);
  // A void takes back the whole receipt: the connector reverses all that is unreversed.
  const amountCents = kind === 'void' && receipt.reversedMinor === 0 ? undefined : reversedMinor;
  const target: StatusTarget = receipt.invno ? { invno: receipt.invno } : receipt.sono ? { sono: receipt.sono } : {};
  return {
    kind: 'reverse',
    reversal: { kind, reference: reversalReference(event), receiptReference: receipt.reference, amountCents, date },
    status: paymentStatusFor(event.type)!,
    target,
    dispute: kind === 'chargeback',
    placement: { receipt, remainingMinor, reversedMinor, beyondReceiptMinor: kind === 'void' ? 0 : Math.max(0, event.amountMinor - remainingMinor) },
  };
}

/** One receipt by the original id; among a document's receipts, the only one, or the only one whose remainder is exactly the amount. */
function pickReceipt(event: PaymentEvent, kind: ReversalKind, open: ReceiptFact[]): ReceiptFact | null {
  if (open.length === 1) return open[0];
  if (kind === 'void') return null;
  const exact = open.filter((receipt) => receipt.amountMinor - receipt.reversedMinor === event.amountMinor);
  return exact.length === 1 ? exact[0] : null;
}

function withoutReceipt(event: PaymentEvent, kind: ReversalKind, facts: ReversalFacts): ReversalDecision {
  switch (facts.sale) {
    case 'in_flight':
      return { kind: 'wait', why: 'its sale is still being synced', parked: false };
    case 'parked':
      // However long: the sale comes back when a person replays, resolves or resumes it.
      return { kind: 'wait', why: 'its sale waits for a person (dead letter, manual review or paused integration)', parked: true };
    case 'finished':
      return { kind: 'nothing', why: kind === 'void' ? 'its sale was voided before Settle wrote a receipt for it' : 'its sale wrote no receipt in Sage Pro' };
    case 'unknown':
      // The sale, when it comes, sees the void and posts nothing.
      if (kind === 'void') return { kind: 'nothing', why: 'voided before Settle wrote a receipt for it' };
      if (facts.waitedMs < facts.maxWaitMs) return { kind: 'wait', why: 'its sale has not arrived yet', parked: false };
      return { kind: 'review', reason: 'original_payment_not_found', detail: { originalTransactionId: event.originalTransactionId ?? null, documentNumber: event.documentNumber ?? null } };
  }
}
