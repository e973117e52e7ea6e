/**
 * Order-to-cash from an eCommerce order: the customer (found by email, or created), then a sales order
 * with its lines and stock allocated. The order's payment arrives as its own payment event and is
 * applied to the order Settle created (see decideSale).
 */
import type { CustomerRecord, NewCustomer, NewSalesOrder, PostalAddress } from '../../sagepro/company.js';
import type { OrderAddress, OrderEvent } from '../events/settle-event.js';
import { sageDate } from './posting-rules.js';

export type CustomerDecision = { kind: 'existing'; custno: string } | { kind: 'create'; customer: NewCustomer };

/** 'SHOP:1001234' — the reference of everything Settle writes for one shop order. */
export function orderReference(event: OrderEvent): string {
  return `SHOP:${event.orderId}`;
}

export function decideCustomer(event: OrderEvent, found: CustomerRecord[]): CustomerDecision {
  if (found.length > 0) return { kind: 'existing', custno: found[0].custno };
  const person = [event.customer.firstName, event.customer.lastName].filter(Boolean).join(' ').trim();
  const company = (event.customer.company || person || event.customer.email).slice(0, 35);
  return {
    kind: 'create',
    customer: {
      reference: `${orderReference(event)}:C`,
      company,
      contact: person.slice(0, 30) || undefined,
      email: event.customer.email || undefined,
      phone: event.customer.phone.slice(0, 20) || undefined,
      address: event.billingAddress ? postal(event.billingAddress) : undefined,
      currency: event.currency,
    },
  };
}

/**
 * The sales order for the shop's order. Prices stay in the order's own minor units with its currency
 * (¥1,200 is 1200 JPY, written 1200.0000; $12.34 is 1234 USD): the connector places the point by
 * the currency's ISO 4217 exponent, never by 100.
 */
export function salesOrderFor(event: OrderEvent, custno: string, location: string, timeZone: string): NewSalesOrder {
  return {
    custno,
    reference: orderReference(event),
    ponum: event.orderNumber.slice(0, 20),
    date: sageDate(event.occurredAt, timeZone),
    currency: event.currency,
    lines: event.lines.map((line) => ({ item: line.sku.trim().toUpperCase(), loctid: location, qty: line.quantity, priceCents: line.priceMinor, description: line.title.slice(0, 30) })),
    shipTo: event.shippingAddress ? { address: postal(event.shippingAddress) } : undefined,
  };
}

function postal(address: OrderAddress): Partial<PostalAddress> {
  return { line1: address.line1, line2: address.line2, city: address.city, state: address.state, zip: address.zip, country: address.country };
}
