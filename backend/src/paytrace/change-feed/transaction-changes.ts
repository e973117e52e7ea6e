import { redactCardNumbers } from '../../platform/card-data/redact-card-data.js';
import { withoutNulCharacters } from '../../platform/database/storable-json.js';
import { transactionKind, transactionState, type TransactionKind, type TransactionState } from '../client/transaction-state.js';
import type { ExportedTransaction } from '../client/types.js';

/** Where a change came from. All converge on one (connection, transaction, state) key. */
export type ChangeSource = 'poll' | 'notification' | 'backfill' | 'settle';

/** One new or changed PayTrace transaction, ready to store (money in cents, times in UTC). */
export interface TransactionChangeRecord {
  changeKey: string;
  transactionId: number;
  state: TransactionState;
  kind: TransactionKind;
  amountMinor: number;
  currency: 'USD';
  occurredAt: Date;
  final: boolean;
  createdAtPt: Date;
  /** The export row, with any card-like number redacted and any NUL character replaced (storable-json). */
  transaction: Record<string, unknown>;
}

export function changeKey(transactionId: number, state: TransactionState): string {
  return `${transactionId}:${state}`;
}

/**
 * Whether a transaction can still change in place. Refunds and chargebacks of a settled sale arrive
 * as new transactions, so a settled one is done; an unsettled approval can still be voided or settle.
 */
export function isFinal(state: TransactionState, settledAt: Date | null): boolean {
  return state === 'declined' || state === 'voided' || state === 'charged_back' || settledAt !== null;
}

export function toChangeRecord(row: ExportedTransaction, observedAt: Date): TransactionChangeRecord {
  const state = transactionState(row);
  return {
    changeKey: changeKey(row.transactionId, state),
    transactionId: row.transactionId,
    state,
    kind: transactionKind(row),
    amountMinor: row.amountMinor,
    currency: 'USD',
    occurredAt: occurredAt(state, row, observedAt),
    final: isFinal(state, row.settledAt),
    createdAtPt: row.createdAt,
    transaction: withoutNulCharacters(redactCardNumbers(row)),
  };
}

/** Exports carry no time for a void; the moment Settle first saw it is the best there is. */
function occurredAt(state: TransactionState, row: ExportedTransaction, observedAt: Date): Date {
  if (state === 'settled') return row.settledAt ?? observedAt;
  if (state === 'voided') return observedAt;
  return row.createdAt;
}

/** Inbound payloads never carry a card number into storage, however a field was (mis)used. */
export { redactCardNumbers } from '../../platform/card-data/redact-card-data.js';

/** Rows whose state differs from what was last seen (or that are new): the ones to record. */
export function changedRows(rows: ExportedTransaction[], lastSeen: Map<number, string>): ExportedTransaction[] {
  return rows.filter((row) => lastSeen.get(row.transactionId) !== transactionState(row));
}
