/**
 * The name of a sample's source format ('paytrace-export', 'shopify-order', …): the key under which
 * mapping decisions are counted, so what people accepted for Shopify orders lifts Shopify orders only.
 * The names are the suggestion engine's and the evaluation set's (test/fixtures/mapping-eval).
 */

/** What a stored event's source says; a partner or Settle event is a payment or an order by its type. */
export function formatOfStoredEvent(source: string, type: string): string {
  switch (source) {
    case 'paytrace':
      return 'paytrace-export';
    case 'shopify':
      return 'shopify-order';
    default:
      return type.startsWith('order.') ? 'settle-order-event' : 'settle-payment-event';
  }
}

type Shape = Record<string, unknown>;
const isRecord = (value: unknown): value is Shape => typeof value === 'object' && value !== null && !Array.isArray(value);
const has = (value: Shape, ...keys: string[]) => keys.every((key) => key in value);

/**
 * A pasted payload's format, recognised by the keys its documentation gives it; 'pasted-json' when
 * none fits (decisions still count under that name, for this kind of paste).
 */
export function formatOfPayload(payload: unknown): string {
  if (!isRecord(payload)) return 'pasted-json';
  if (typeof payload.type === 'string' && /^(payment|order)\./.test(payload.type)) {
    // A partner event carries its event under `data`; a normalised one is the event itself.
    return payload.type.startsWith('order.') ? 'settle-order-event' : 'settle-payment-event';
  }
  if (isRecord(payload.request) && isRecord(payload.response)) return 'paytrace-response';
  if (has(payload, 'transaction_id', 'amount') && ('credit_card' in payload || 'invoice_id' in payload || 'transaction_type' in payload)) return 'paytrace-export';
  if (Array.isArray(payload.line_items) && ('order_number' in payload || 'total_price' in payload)) return 'shopify-order';
  if (Array.isArray(payload.line_items) && ('order_key' in payload || 'billing' in payload)) return 'woocommerce-order';
  if (has(payload, 'transId') || has(payload, 'submitTimeUTC')) return 'authorize-net-transaction';
  if (payload.object === 'charge') return 'stripe-charge';
  if (payload.object === 'payment_intent') return 'stripe-payment-intent';
  if (has(payload, 'status_id', 'currency_code') || has(payload, 'subtotal_ex_tax')) return 'bigcommerce-order';
  if (has(payload, 'Lockbox Number') || has(payload, 'Check Number', 'Invoice Number')) return 'lockbox-csv';
  if (has(payload, 'Posting Date') || has(payload, 'Details', 'Description', 'Amount')) return 'bank-csv';
  return 'pasted-json';
}
