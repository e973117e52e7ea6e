/**
 * A PayTrace transaction change as Settle's normalised payment event. Which PayTrace field carries the
 * Sage Pro invoice or order number is the integration's reference rule (invoice_id by default). PayTrace's
 * vault customer id is read as the Sage Pro customer number: merchants who vault customers usually key
 * them by their ERP number, and the customer + amount + date fallback needs one. All three payer texts
 * are kept as `fields` (invoice_id, customer_reference_id, description), so a flow's match step can
 * read another one than the integration's rule, or pick a number out of the description.
 */
import type { TransactionChangeRecord } from '../../paytrace/change-feed/transaction-changes.js';
import type { TransactionState } from '../../paytrace/client/transaction-state.js';
import { payerFields } from './payment-fields.js';
import type { PaymentEvent, PaymentEventType } from './settle-event.js';

export type ReferenceField = 'invoice_id' | 'customer_reference_id' | 'description';

const TYPES: Record<TransactionState, PaymentEventType> = {
  approved: 'payment.approved',
  declined: 'payment.declined',
  voided: 'payment.voided',
  refunded: 'payment.refunded',
  settled: 'payment.settled',
  charged_back: 'payment.charged_back',
};

export function payTraceEvent(change: Pick<TransactionChangeRecord, 'transactionId' | 'state' | 'amountMinor' | 'currency' | 'occurredAt' | 'transaction'>, referenceField: ReferenceField): PaymentEvent {
  const row = change.transaction as Record<string, unknown>;
  const text = (name: string) => (typeof row[name] === 'string' ? (row[name] as string).trim() : '');
  const document = { invoice_id: text('invoiceId'), customer_reference_id: text('customerReferenceId'), description: text('description') }[referenceField];
  const customerNumber = text('customerId');
  const email = text('receiptEmailedTo');
  const reason = change.state === 'declined' ? text('approvalMessage') : change.state === 'charged_back' ? text('statusMessage') : '';
  const fields = payerFields({ invoice_id: row.invoiceId, customer_reference_id: row.customerReferenceId, description: row.description });
  return {
    type: TYPES[change.state],
    transactionId: String(change.transactionId),
    amountMinor: change.amountMinor,
    currency: change.currency,
    occurredAt: change.occurredAt.toISOString(),
    method: 'card',
    ...(document ? { documentNumber: document } : {}),
    ...(customerNumber || email ? { customer: { ...(customerNumber ? { number: customerNumber } : {}), ...(email ? { email } : {}) } } : {}),
    ...(reason ? { reason } : {}),
    ...(fields ? { fields } : {}),
  };
}
