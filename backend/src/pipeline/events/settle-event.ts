/**
 * Settle's normalised events: whatever the source (PayTrace's change feed or notifications, a
 * partner's signed webhook, a Shopify order, a payment Settle made), the pipeline sees one of these.
 * Money is integer minor units with an ISO currency; instants are ISO-8601 strings in UTC.
 */
export const PAYMENT_EVENT_TYPES = [
  'payment.approved',
  'payment.declined',
  'payment.refunded',
  'payment.voided',
  'payment.charged_back',
  'payment.settled',
] as const;

export type PaymentEventType = (typeof PAYMENT_EVENT_TYPES)[number];

export interface PaymentEvent {
  type: PaymentEventType;
  /** The PayTrace transaction this event is about (a refund or chargeback is its own transaction). */
  transactionId: string;
  /** A refund's or chargeback's sale, when the source says which. */
  originalTransactionId?: string;
  amountMinor: number;
  currency: string;
  occurredAt: string;
  method: 'card' | 'ach';
  /** The invoice or order number the payer gave (PayTrace invoice_id, by the integration's rule). */
  documentNumber?: string;
  /** Who paid, as far as the source knows: a Sage Pro customer number, email or company. */
  customer?: { number?: string; email?: string; company?: string };
  /** The processor's words for a decline or a chargeback. */
  reason?: string;
  /** The payer's own texts as the source carried them, for match rules (`fields.description`). */
  fields?: PaymentFields;
}

/**
 * The payer's texts on a payment, under the names a match rule reads (`fields.invoice_id`,
 * `fields.metadata.customer_po`); see payment-fields.ts. Each source fills the names it has: PayTrace
 * invoice_id, customer_reference_id and description; a partner event invoice_number, order_number,
 * description and metadata. Trimmed, empty ones left out, each at most MAX_FIELD_TEXT characters.
 */
export interface PaymentFields {
  invoice_id?: string;
  customer_reference_id?: string;
  description?: string;
  invoice_number?: string;
  order_number?: string;
  /** A partner's own values (at most 20), by keys it chose: a letter, then up to 39 letters, digits or _. */
  metadata?: Record<string, string>;
}

export interface OrderLine {
  sku: string;
  title: string;
  quantity: number;
  /** Unit price in minor units. */
  priceMinor: number;
}

export interface OrderAddress {
  line1: string;
  line2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
}

/** An eCommerce order (Shopify's order webhook), the start of order-to-cash. */
export interface OrderEvent {
  type: 'order.created';
  /** The shop's order id (stable across redeliveries). */
  orderId: string;
  /** What the customer sees, e.g. '#1001'; the payment's invoice_id carries it too. */
  orderNumber: string;
  occurredAt: string;
  currency: string;
  totalMinor: number;
  customer: { email: string; firstName: string; lastName: string; company: string; phone: string };
  billingAddress: OrderAddress | null;
  shippingAddress: OrderAddress | null;
  lines: OrderLine[];
  /** The PayTrace transaction that paid the order, when the shop's gateway reported it. */
  paymentTransactionId?: string;
}

export type SettleEvent = PaymentEvent | OrderEvent;

export type EventSource = 'paytrace' | 'partner' | 'shopify' | 'settle';

export function isPaymentEvent(event: SettleEvent): event is PaymentEvent {
  return event.type.startsWith('payment.');
}

/** The key that ties every event of one PayTrace transaction together: 'pt:<id>'. */
export function paymentKey(transactionId: string): string {
  return `pt:${transactionId}`;
}
