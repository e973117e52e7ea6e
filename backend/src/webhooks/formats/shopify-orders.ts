import { z } from 'zod';
import type { OrderAddress, OrderEvent } from '../../pipeline/events/settle-event.js';
import { isIsoCurrency } from '../../platform/money/currencies.js';
import { decimalToMinor } from './money.js';
import { invalidEvent, type Normalised, utcInstant } from './normalised.js';

/** The note attribute (Order → Additional details) where the shop's checkout puts PayTrace's transaction id. */
export const PAYTRACE_NOTE_ATTRIBUTE = 'paytrace_transaction_id';

// Shopify sends null for what an order lacks (no company, no phone, no second address line).
const text = z
  .string()
  .nullish()
  .transform((value) => value?.trim() ?? '');
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal amount such as 12.30');

const address = z
  .object({ address1: text, address2: text, city: text, province_code: text, zip: text, country_code: text, company: text })
  .nullish();

export const shopifyOrderRules = z.object({
  // Not .int(): zod refuses integers beyond 2^53, and Shopify's ids can be (see orderIdOf).
  id: z.union([z.number().positive().refine(Number.isInteger), z.string().regex(/^\d+$/)], 'must be the order id (a number)'),
  admin_graphql_api_id: z.string().optional(),
  name: z.string().trim().min(1, 'is required'),
  created_at: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 instant with an offset' }),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD').refine(isIsoCurrency, 'is not an ISO 4217 currency'),
  total_price: decimal,
  email: text,
  customer: z.object({ first_name: text, last_name: text, email: text, phone: text }).nullish(),
  billing_address: address,
  shipping_address: address,
  line_items: z
    .array(z.object({ sku: text, title: text, quantity: z.number().int().min(0, 'must be at least 0'), price: decimal }))
    .default([]),
  note_attributes: z.array(z.object({ name: z.string(), value: z.unknown() })).nullish(),
});
type ShopifyOrder = z.infer<typeof shopifyOrderRules>;

/**
 * Shopify's order webhook (orders/create) as an `order.created` event. The order id is the
 * redelivery key; amounts are converted with the order's currency.
 */
export function normaliseShopifyOrder(body: unknown, shopifyWebhookId?: string): Normalised {
  const parsed = shopifyOrderRules.safeParse(body);
  if (!parsed.success) return invalidEvent(parsed.error);
  const order = parsed.data;
  const minor = (amount: string, field: string): number | { field: string; message: string } => {
    try {
      return decimalToMinor(amount, order.currency);
    } catch (error) {
      return { field, message: (error as Error).message };
    }
  };
  const total = minor(order.total_price, 'total_price');
  if (typeof total !== 'number') return { ok: false, ...total };
  const lines: OrderEvent['lines'] = [];
  for (const [index, line] of order.line_items.entries()) {
    const price = minor(line.price, `line_items.${index}.price`);
    if (typeof price !== 'number') return { ok: false, ...price };
    lines.push({ sku: line.sku, title: line.title, quantity: line.quantity, priceMinor: price });
  }
  const payment = payTraceTransactionId(order);
  if (typeof payment === 'object') return { ok: false, ...payment };
  const orderId = orderIdOf(order);
  const event: OrderEvent = {
    type: 'order.created',
    orderId,
    orderNumber: order.name,
    occurredAt: utcInstant(order.created_at),
    currency: order.currency,
    totalMinor: total,
    customer: {
      email: order.customer?.email || order.email,
      firstName: order.customer?.first_name ?? '',
      lastName: order.customer?.last_name ?? '',
      company: order.billing_address?.company || order.shipping_address?.company || '',
      phone: order.customer?.phone ?? '',
    },
    billingAddress: addressOf(order.billing_address),
    shippingAddress: addressOf(order.shipping_address),
    lines,
    ...(payment ? { paymentTransactionId: payment } : {}),
  };
  return { ok: true, source: 'shopify', externalId: `order:${orderId}`, correlationId: shopifyWebhookId || undefined, event };
}

/**
 * Shopify order ids can exceed 2^53, which JSON.parse rounds; the GraphQL id carries them exactly.
 * Without it the rounded number is still the same on every redelivery, so it still deduplicates.
 */
function orderIdOf(order: ShopifyOrder): string {
  return /^gid:\/\/shopify\/Order\/(\d+)$/.exec(order.admin_graphql_api_id ?? '')?.[1] ?? String(order.id);
}

/** The PayTrace transaction id from the `paytrace_transaction_id` note attribute; undefined when absent. */
function payTraceTransactionId(order: ShopifyOrder): string | undefined | { field: string; message: string } {
  const attributes = order.note_attributes ?? [];
  const index = attributes.findIndex((attribute) => attribute.name.trim().toLowerCase() === PAYTRACE_NOTE_ATTRIBUTE);
  if (index < 0) return undefined;
  const value = String(attributes[index].value ?? '').trim();
  if (!/^\d{1,19}$/.test(value)) return { field: `note_attributes.${index}.value`, message: 'must be the PayTrace transaction id (digits)' };
  return value;
}

function addressOf(address: ShopifyOrder['billing_address']): OrderAddress | null {
  if (!address) return null;
  return { line1: address.address1, line2: address.address2, city: address.city, state: address.province_code, zip: address.zip, country: address.country_code };
}
