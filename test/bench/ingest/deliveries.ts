/**
 * `settle_events` deliveries as a partner sends them: one `payment.approved` per delivery, a unique
 * `webhook-id` each, signed with Standard Webhooks (the `standardwebhooks` package, as any sender's
 * library) before the clock starts.
 */
import { Webhook } from 'standardwebhooks';

export interface Payment {
  transactionId: string;
  amountMinor: number;
  /** The Sage Pro invoice it pays; absent, the event matches nothing (fine for ingest). */
  invoiceNumber?: string;
  custno?: string;
  occurredAt: string;
}

export interface Delivery {
  id: string;
  body: string;
  headers: Record<string, string>;
}

export function approvedPaymentBody(payment: Payment): string {
  return JSON.stringify({
    type: 'payment.approved',
    data: {
      transaction_id: payment.transactionId,
      amount: { minor: payment.amountMinor, currency: 'USD' },
      occurred_at: payment.occurredAt,
      method: 'card',
      ...(payment.invoiceNumber ? { invoice_number: payment.invoiceNumber } : {}),
      ...(payment.custno ? { customer: { number: payment.custno } } : {}),
    },
  });
}

/** Signs every body now (webhook-timestamp = now): they must be sent within Standard Webhooks' 5 minutes. */
export function signDeliveries(secret: string, bodies: { id: string; body: string }[]): Delivery[] {
  const webhook = new Webhook(secret);
  const now = new Date();
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return bodies.map(({ id, body }) => ({
    id,
    body,
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': webhook.sign(id, now, body) },
  }));
}

/** Deliveries of payments that match no invoice (ingest does not look): transaction ids from `first`. */
export function ingestDeliveries(secret: string, runTag: string, first: number, count: number): Delivery[] {
  const occurredAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const bodies = Array.from({ length: count }, (_, k) => {
    const i = first + k;
    return { id: `evt_${runTag}_${i}`, body: approvedPaymentBody({ transactionId: String(800_000_000 + i), amountMinor: 1_000 + (i % 500_000), invoiceNumber: String(900_000 + (i % 100_000)), occurredAt }) };
  });
  return signDeliveries(secret, bodies);
}
