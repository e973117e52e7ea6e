/**
 * Generated examples of what each flow kind receives, for preview and the field mapper when a tenant
 * has no events of that trigger yet. They are Settle's normalised events (settle-event.ts), with
 * values the sandbox company knows (invoice 1001, items BRK-1001 and CST-2001), fixed so a preview of
 * the same version gives the same rows. No card data: an event never carries a card number.
 */
import type { FlowKind, PaymentTrigger, Trigger } from '../definition/flow-definition.js';
import type { OrderEvent, PaymentEvent, PaymentEventType } from '../../pipeline/events/settle-event.js';

const SALE_ID = '123456789';
const OCCURRED_AT = '2026-10-31T15:04:05.000Z';

const PAYMENT_TYPES: Record<PaymentTrigger, PaymentEventType> = {
  approved: 'payment.approved',
  declined: 'payment.declined',
  refunded: 'payment.refunded',
  voided: 'payment.voided',
  charged_back: 'payment.charged_back',
  settled: 'payment.settled',
};

/** A PayTrace payment of $123.45 on invoice 1001; a refund or chargeback is its own
 * transaction naming the sale; a void is the sale's own transaction. Its payer texts (`fields`) are
 * the ones a PayTrace transaction carries, so a match rule on the description or the customer
 * reference has something to read in a preview. */
export function samplePaymentEvent(trigger: PaymentTrigger = 'approved'): PaymentEvent {
  const undoesSale = trigger === 'refunded' || trigger === 'charged_back';
  return {
    type: PAYMENT_TYPES[trigger],
    transactionId: undoesSale ? '123456790' : SALE_ID,
    ...(undoesSale ? { originalTransactionId: SALE_ID } : {}),
    amountMinor: 12_345,
    currency: 'USD',
    occurredAt: OCCURRED_AT,
    method: 'card',
    documentNumber: '1001',
    customer: { number: 'ACM100', email: 'ap@acme-hardware.example', company: 'Acme Hardware' },
    ...(trigger === 'declined' ? { reason: 'Insufficient funds' } : trigger === 'charged_back' ? { reason: 'Cardholder disputes the charge' } : {}),
    fields: { invoice_id: '1001', customer_reference_id: 'PO-59119', description: 'Payment for INV-1001, thank you' },
  };
}

/** A shop order #1001 of two lines (2 × BRK-1001 at $4.95, 1 × CST-2001 at $12.50). */
export function sampleOrderEvent(): OrderEvent {
  const address = { line1: '100 Main Street', line2: 'Suite 4', city: 'Springfield', state: 'IL', zip: '62701', country: 'US' };
  return {
    type: 'order.created',
    orderId: '5550001001',
    orderNumber: '#1001',
    occurredAt: OCCURRED_AT,
    currency: 'USD',
    totalMinor: 2 * 495 + 1250,
    customer: { email: 'jane.doe@example.com', firstName: 'Jane', lastName: 'Doe', company: 'Doe Fixtures', phone: '+1 217 555 0100' },
    billingAddress: address,
    shippingAddress: { ...address, line2: '' },
    lines: [
      { sku: 'BRK-1001', title: 'Steel shelf bracket 8 in', quantity: 2, priceMinor: 495 },
      { sku: 'CST-2001', title: 'Swivel caster 3 in', quantity: 1, priceMinor: 1250 },
    ],
    paymentTransactionId: SALE_ID,
  };
}

/** The example source of a flow kind (and, for a payment sync, of one trigger). */
export function sampleSource(kind: FlowKind, trigger?: Trigger): PaymentEvent | OrderEvent {
  if (kind === 'order_to_cash') return sampleOrderEvent();
  return samplePaymentEvent(trigger !== undefined && trigger in PAYMENT_TYPES ? (trigger as PaymentTrigger) : 'approved');
}
