/**
 * PayTrace's export rows as reconciliation reads them. The kind and the approval come from the
 * client's own reading of a row (paytrace/client/transaction-state.ts); the day is the tenant's
 * calendar day of the transaction, the same day Settle dates its receipt (posting-rules.ts). A void
 * or a chargeback is money PayTrace moved whatever its approval code says; a HOLD or an unknown type
 * moves none and is left out.
 */
import { isApproved, transactionKind } from '../../paytrace/client/transaction-state.js';
import type { ExportedTransaction } from '../../paytrace/client/types.js';
import { sageDate } from '../../pipeline/workflows/posting-rules.js';
import type { PayTraceKind, PayTraceTransaction } from '../matching/records.js';

const KINDS: Partial<Record<ReturnType<typeof transactionKind>, PayTraceKind>> = {
  sale: 'sale',
  capture: 'sale',
  authorization: 'authorization',
  refund: 'refund',
  void: 'void',
  chargeback: 'chargeback',
};

export function payTraceTransaction(row: ExportedTransaction, context: { currency: string; timeZone: string; batchNumber?: string }): PayTraceTransaction | undefined {
  const kind = KINDS[transactionKind(row)];
  if (!kind) return undefined;
  return {
    transactionId: String(row.transactionId),
    kind,
    approved: kind === 'void' || kind === 'chargeback' || isApproved(row),
    amountMinor: row.amountMinor,
    currency: context.currency,
    date: sageDate(row.createdAt, context.timeZone),
    settled: row.settledAt !== null,
    ...(context.batchNumber ? { batchNumber: context.batchNumber } : {}),
    ...(row.invoiceId.trim() ? { invoiceNumber: row.invoiceId.trim() } : {}),
  };
}
