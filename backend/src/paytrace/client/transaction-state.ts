/**
 * Where a card transaction stands, derived from its export row. PayTrace v1 has no status field
 * (fact sheet §4), so the state comes from `transaction_type`, the approval code and `settled`, in
 * this order (the sandbox's export shapes, README "transaction_type in exports", follow the same):
 *
 *   CHARGEBACK                         → charged_back  (a new transaction the processor books; settled at once)
 *   VOID                               → voided        (same id; a voided sale/authorization/refund, or a 103 auto-void)
 *   no approval                        → declined      (approval_code "" and the decline text in approval_message)
 *   REFUND                             → refunded      (a NEW transaction; settled or not)
 *   `settled` has a timestamp          → settled       (SALE or CAPTURE in a settled batch)
 *   anything else                      → approved      (unsettled SALE, CAPTURE, or an uncaptured AUTHORIZATION)
 *
 * Approval is the processor's approval code; a row without one counts as approved only if its
 * approval message says "approved" (no documented decline text does).
 */
import type { ExportedTransaction } from './types.js';

export type TransactionState = 'approved' | 'declined' | 'voided' | 'refunded' | 'settled' | 'charged_back';

/** What the row is, as far as money goes; `void` rows no longer say what they voided. */
export type TransactionKind = 'sale' | 'authorization' | 'capture' | 'refund' | 'void' | 'chargeback' | 'other';

export type StateFields = Pick<ExportedTransaction, 'transactionType' | 'approvalCode' | 'approvalMessage' | 'settledAt'>;

export function transactionState(row: StateFields): TransactionState {
  const kind = transactionKind(row);
  if (kind === 'chargeback') return 'charged_back';
  if (kind === 'void') return 'voided';
  if (!isApproved(row)) return 'declined';
  if (kind === 'refund') return 'refunded';
  return row.settledAt ? 'settled' : 'approved';
}

const KINDS: Record<string, TransactionKind> = {
  SALE: 'sale',
  AUTHORIZATION: 'authorization',
  AUTH: 'authorization',
  CAPTURE: 'capture',
  REFUND: 'refund',
  CREDIT: 'refund',
  VOID: 'void',
  CHARGEBACK: 'chargeback',
};

export function transactionKind(row: Pick<ExportedTransaction, 'transactionType'>): TransactionKind {
  return KINDS[row.transactionType.trim().toUpperCase()] ?? 'other';
}

export function isApproved(row: Pick<ExportedTransaction, 'approvalCode' | 'approvalMessage'>): boolean {
  if (row.approvalCode.trim() !== '') return true;
  return /\bapproved\b/i.test(row.approvalMessage) && !/\bdeclin/i.test(row.approvalMessage);
}
