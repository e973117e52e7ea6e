/**
 * The port: what Settle asks of one Sage Pro company, in business terms. Money is integer cents,
 * dates are 'YYYY-MM-DD', keys are trimmed. Every method either answers or throws a
 * TransientSageProError / PermanentSageProError (errors.ts); writes answer Applied or AlreadyApplied.
 */
import type { PaymentStatus } from './payment-status.js';

export interface OpenInvoice {
  invno: string;
  custno: string;
  invoiceDate: string | null;
  /** The sales order it was invoiced from (armast.ornum), when there is one. */
  sono: string | null;
  ponum: string;
  amountCents: number;
  paidCents: number;
  balanceCents: number;
  currency: string;
}

/** How the pipeline looks an invoice up; `ponum` may match several. */
export type InvoiceQuery =
  | { invno: string }
  | { sono: string }
  | { ponum: string; custno?: string }
  /** An open invoice of the customer whose balance is the amount, dated within [from, to]. */
  | { custno: string; amountCents: number; from: string; to: string };

export interface IncomingPayment {
  /** The Settle reference (see references.ts), stored in arcash.refno: at most 20 characters. */
  reference: string;
  amountCents: number;
  /** A terms discount the customer took (arcash.disamt); rare for card payments. */
  discountCents?: number;
  date: string;
  /** ISO code; must match the invoice's or customer's currency when Sage Pro has one. */
  currency: string;
}

/** One ARCASH line as Sage Pro holds it: a receipt (positive) or a reversal (negative) on one item. */
export interface CashLine {
  reference: string;
  custno: string;
  invno: string;
  paidCents: number;
  discountCents: number;
  date: string | null;
  arsess: string;
  cashAccount: string;
}

export interface CashReceipt {
  reference: string;
  custno: string;
  lines: CashLine[];
  /** The open credit item (armast artype 'O') the unapplied part became, if any. */
  openCreditInvno?: string;
}

export type ReversalKind = 'refund' | 'void' | 'chargeback';

export interface ReceiptReversal {
  kind: ReversalKind;
  /** The reversal's own Settle reference (a refund's transaction id; see references.ts). */
  reference: string;
  /** The Settle reference of the receipt being reversed. */
  receiptReference: string;
  /** Cash to reverse; a void always reverses all of it, refunds and chargebacks default to all. */
  amountCents?: number;
  date: string;
}

export interface PaymentStatusUpdate {
  status: PaymentStatus;
  /** The invoice (and through armast.ornum its order), or the order alone. */
  invno?: string;
  sono?: string;
  /** Shown beside the status on the invoice, e.g. the PayTrace transaction. */
  reference?: string;
}

export interface PaymentStatusRecord {
  order?: { sono: string; orderstat: string };
  invoice?: { invno: string; field: string; text: string };
}

export interface GlAccount {
  account: string;
  description: string;
  type: string;
  active: boolean;
}

/** Applied: written now. AlreadyApplied: the reference was there; these are the existing records. */
export type WriteOutcome<T> = { kind: 'Applied'; records: T } | { kind: 'AlreadyApplied'; records: T };

export interface SageProCompany {
  findOpenInvoices(query: InvoiceQuery): Promise<OpenInvoice[]>;
  applyPaymentToInvoice(invno: string, payment: IncomingPayment): Promise<WriteOutcome<CashReceipt>>;
  applyPaymentOnAccount(custno: string, payment: IncomingPayment): Promise<WriteOutcome<CashReceipt>>;
  reverseReceipt(reversal: ReceiptReversal): Promise<WriteOutcome<CashReceipt>>;
  recordPaymentStatus(update: PaymentStatusUpdate): Promise<WriteOutcome<PaymentStatusRecord>>;
  listGlAccounts(): Promise<GlAccount[]>;
}
