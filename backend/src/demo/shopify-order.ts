/**
 * The demo shop's orders as Shopify sends them (topic orders/create, see webhooks/README.md): the JSON
 * body, signed the way Shopify signs it (base64 HMAC-SHA256 of the raw body under the endpoint secret).
 */
import { createHmac } from 'node:crypto';
import { passesLuhn } from '../platform/card-data/card-numbers.js';

export interface ShopLine {
  sku: string;
  title: string;
  quantity: number;
  priceCents: number;
}

export interface Shopper {
  firstName: string;
  lastName: string;
  email: string;
  company: string;
  address1: string;
  city: string;
  state: string;
  zip: string;
}

/** A handful of returning customers: after their first order Settle finds them in Sage Pro by email. */
export const SHOPPERS: readonly Shopper[] = [
  { firstName: 'Robin', lastName: 'Vale', email: 'robin@vale-outfitters.example', company: 'Vale Outfitters', address1: '1 Shop St', city: 'Portland', state: 'OR', zip: '97201' },
  { firstName: 'Ana', lastName: 'Ruiz', email: 'ana.ruiz@example.com', company: '', address1: '48 Alder Way', city: 'Tucson', state: 'AZ', zip: '85701' },
  { firstName: 'Sam', lastName: 'Okafor', email: 'sam@okafor-builds.example', company: 'Okafor Builds', address1: '905 Mill Rd', city: 'Dayton', state: 'OH', zip: '45402' },
  { firstName: 'Lee', lastName: 'Park', email: 'lee.park@example.com', company: '', address1: '12 Harbor Blvd', city: 'Tacoma', state: 'WA', zip: '98402' },
];

export interface ShopOrder {
  /** Shopify's numeric order id (the delivery key). */
  id: number;
  /** '#1001': what the customer sees, and the invoice_id of the order's PayTrace payment. */
  name: string;
  createdAt: Date;
  shopper: Shopper;
  lines: ShopLine[];
}

/**
 * A 13-digit order id as Shopify's are, from the clock. Ids that pass the Luhn check are skipped:
 * Settle's inbox redacts card-like numbers in the stored JSON text, and today it turns such a numeric
 * id into invalid JSON (the delivery is refused with 503); see backend/src/demo/README.md.
 */
export function shopOrderId(now: number): number {
  let id = now;
  while (passesLuhn(String(id))) id++;
  return id;
}

export function orderTotalCents(lines: readonly ShopLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity * line.priceCents, 0);
}

/** The orders/create webhook body (the fields Settle reads, with the nulls Shopify really sends). */
export function shopifyOrderBody(order: ShopOrder): Record<string, unknown> {
  const { shopper } = order;
  const address = {
    address1: shopper.address1,
    address2: null,
    city: shopper.city,
    province_code: shopper.state,
    zip: shopper.zip,
    country_code: 'US',
    company: shopper.company || null,
  };
  return {
    id: order.id,
    admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
    name: order.name,
    created_at: order.createdAt.toISOString(),
    currency: 'USD',
    total_price: decimal(orderTotalCents(order.lines)),
    email: shopper.email,
    customer: { first_name: shopper.firstName, last_name: shopper.lastName, email: shopper.email, phone: null },
    billing_address: address,
    shipping_address: address,
    line_items: order.lines.map((line) => ({ sku: line.sku, title: line.title, quantity: line.quantity, price: decimal(line.priceCents) })),
    payment_gateway_names: ['paytrace'],
    note_attributes: [],
  };
}

/** X-Shopify-Hmac-Sha256 for exactly these bytes. */
export function shopifyHmac(secret: string, rawBody: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('base64');
}

function decimal(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
