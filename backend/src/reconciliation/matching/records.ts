/**
 * What reconciliation compares, as plain records: a PayTrace transaction as its export gives it, a
 * Sage Pro receipt line (ARCASH or its history ARYCSH), and what it concludes for each. Money is
 * integer minor units with its ISO 4217 code; dates are the tenant's calendar days ('YYYY-MM-DD').
 */

/** The export's transaction_type, as Settle reads it: a voided sale exports as VOID under its own id. */
export type PayTraceKind = 'sale' | 'refund' | 'void' | 'chargeback' | 'authorization';

export interface PayTraceTransaction {
  transactionId: string;
  kind: PayTraceKind;
  approved: boolean;
  /** Positive, in the transaction's currency. */
  amountMinor: number;
  currency: string;
  date: string;
  /** Settled into a batch (money on its way to the bank); unsettled approved sales are pending. */
  settled: boolean;
  batchNumber?: string;
  /** VISA, MASTERCARD, AMEX, DISCOVER, DINERS, JCB (from the masked number), for the batch's brand lines. */
  cardBrand?: string;
  /** The invoice number the payment named (invoice_id), used to tell hand-keyed receipts apart. */
  invoiceNumber?: string;
  /**
   * What Settle wrote for it in another currency (its effect, at the rate it recorded): the amount
   * the Sage Pro lines must come to when the invoice is not in the payment's currency.
   */
  booked?: { amountMinor: number; currency: string };
}

export interface SageReceiptLine {
  /** 'arcash:1042' or 'arycsh:77': the line, for the report and for a fix. */
  id: string;
  /** ARCASH.refno as written: 'PT123456789', 'PT123456789-V', a check number, blank. */
  reference: string;
  custno: string;
  invno: string;
  /** Signed: receipts positive, reversal lines negative. */
  amountMinor: number;
  currency: string;
  date: string;
  /**
   * A receipt of card money that Settle did not write (the reader knows: the card clearing account,
   * no Settle reference): a clerk keyed it by hand.
   */
  handKeyed: boolean;
}

/** Why a difference is not one: a person decided it in review, or a tenant's rule. */
export interface Explanation {
  transactionId: string;
  sentence: string;
}

export const CATEGORIES = [
  'matched',
  'amount_mismatch',
  'missing_in_sage',
  'not_in_paytrace',
  'duplicate_receipt',
  'reversal_still_standing',
  'pending_settlement',
  'explained',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories that need a person (or a fix): everything else balances. */
export const DIFFERENCES: readonly Category[] = ['amount_mismatch', 'missing_in_sage', 'not_in_paytrace', 'duplicate_receipt', 'reversal_still_standing'];

/** What a one-action fix would do; applied elsewhere, after approval where it reverses money. */
export type Fix = 'feed_pipeline' | 'propose_reversal';

export interface ReconciliationItem {
  category: Category;
  /** One sentence a finance person reads: what PayTrace says, what Sage Pro has, what differs. */
  sentence: string;
  transactionId?: string;
  /** The Settle reference the item is about, when it has one. */
  reference?: string;
  paytraceMinor?: number;
  sageMinor?: number;
  currency: string;
  /** The records behind it: PayTrace transaction ids and Sage Pro line ids. */
  records: { paytrace: string[]; sage: string[] };
  fix?: Fix;
  /** For `explained`: the difference it would be without the explanation. */
  explains?: Category;
}
