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
  | { kind: 'apply_to_invoice'; invno: string; custno: string; rule: string; status: PaymentStatus; target: StatusTarget }
  | { kind: 'apply_to_order'; sono: string; custno: string; rule: string; status: PaymentStatus; target: StatusTarget }
  | { kind: 'on_account'; custno: string; rule: string }
  | { kind: 'review'; reason: 'invoice_not_found' | 'potential_overpayment'; detail: Record<string, unknown> };

export function decideSale(event: PaymentEvent, facts: SaleFacts, policy: UnmatchedPolicy): SaleDecision {
  const { choice, rule } = facts.match;
  if (choice.kind === 'one') {
    const invoice = choice.invoice;
    const status = paymentStatusFor('payment.approved', invoice.balanceCents - event.amountMinor)!;
    return { kind: 'apply_to_invoice', invno: invoice.invno, custno: invoice.custno, rule: rule!, status, target: { invno: invoice.invno } };
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

/** The receipt Settle wrote for the payment a refund, void or chargeback takes money back from. */
export interface ReceiptFact {
  reference: string;
  invno: string | null;
  sono: string | null;
  custno: string | null;
  amountMinor: number;
}

export interface ReversalFacts {
  receipt: ReceiptFact | null;
  /** The sale's own event is in the inbox and not finished: the reversal arrived first. */
  saleOutstanding: boolean;
  /** How long this event has waited for its sale so far, and how long it may. */
  waitedMs: number;
  maxWaitMs: number;
}

export type ReversalDecision =
  | { kind: 'reverse'; reversal: ReceiptReversal; status: PaymentStatus; target: StatusTarget; dispute: boolean }
  | { kind: 'wait'; why: string }
  | { kind: 'review'; reason: 'original_payment_not_found'; detail: Record<string, unknown> }
  | { kind: 'nothing'; why: string };

const REVERSAL_KIND: Partial<Record<PaymentEvent['type'], ReversalKind>> = {
  'payment.refunded': 'refund',
  'payment.voided': 'void',
  'payment.charged_back': 'chargeback',
};

export function decideReversal(event: PaymentEvent, facts: ReversalFacts, date: string): ReversalDecision {
  const kind = REVERSAL_KIND[event.type];
  if (!kind) throw new RangeError(`${event.type} is not a reversal`);
  const receipt = facts.receipt;
  if (!receipt) {
    if (kind === 'void' && !facts.saleOutstanding) return { kind: 'nothing', why: 'voided before Settle wrote a receipt for it' };
    if (facts.waitedMs < facts.maxWaitMs) return { kind: 'wait', why: facts.saleOutstanding ? 'its sale is still being synced' : 'its sale has not arrived yet' };
    return { kind: 'review', reason: 'original_payment_not_found', detail: { originalTransactionId: event.originalTransactionId ?? null, documentNumber: event.documentNumber ?? null } };
  }
  const reference = payTraceReference(event.transactionId, kind === 'refund' ? 'refund' : kind);
  const amountCents = kind === 'void' ? undefined : Math.min(event.amountMinor, receipt.amountMinor);
  const target: StatusTarget = receipt.invno ? { invno: receipt.invno } : receipt.sono ? { sono: receipt.sono } : {};
  return {
    kind: 'reverse',
    reversal: { kind, reference, receiptReference: receipt.reference, amountCents, date },
    status: paymentStatusFor(event.type)!,
    target,
    dispute: kind === 'chargeback',
  };
}
