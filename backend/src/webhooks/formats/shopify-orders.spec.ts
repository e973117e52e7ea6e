import { describe, expect, it } from 'vitest';
import { normaliseShopifyOrder } from './shopify-orders.js';

/** The parts of Shopify's orders/create payload Settle reads, with the nulls Shopify really sends. */
const shopifyOrder = (overrides: Record<string, unknown> = {}) => ({
  id: 450789469,
  admin_graphql_api_id: 'gid://shopify/Order/450789469',
  name: '#1001',
  created_at: '2026-03-01T09:15:00-05:00',
  currency: 'USD',
  total_price: '199.65',
  email: 'bob.norman@example.com',
  customer: { first_name: 'Bob', last_name: 'Norman', email: 'bob@norman.test', phone: null },
  billing_address: { address1: '2259 Park Ct', address2: null, city: 'Drayton Valley', province_code: 'CA', zip: '94041', country_code: 'US', company: 'Norman Supply' },
  shipping_address: null,
  line_items: [
    { sku: 'IPOD2008PINK', title: 'IPod Nano - 8gb', quantity: 1, price: '199.00' },
    { sku: null, title: 'Gift wrap', quantity: 3, price: '0.20' },
  ],
  payment_gateway_names: ['paytrace'],
  note_attributes: [{ name: 'paytrace_transaction_id', value: '120000123' }],
  ...overrides,
});

describe('Shopify orders', () => {
  it('makes an order.created event keyed by the order id', () => {
    const result = normaliseShopifyOrder(shopifyOrder(), 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043');
    expect(result).toEqual({
      ok: true,
      source: 'shopify',
      externalId: 'order:450789469',
      correlationId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      event: {
        type: 'order.created',
        orderId: '450789469',
        orderNumber: '#1001',
        occurredAt: '2026-03-01T14:15:00.000Z',
        currency: 'USD',
        totalMinor: 19965,
        customer: { email: 'bob@norman.test', firstName: 'Bob', lastName: 'Norman', company: 'Norman Supply', phone: '' },
        billingAddress: { line1: '2259 Park Ct', line2: '', city: 'Drayton Valley', state: 'CA', zip: '94041', country: 'US' },
        shippingAddress: null,
        lines: [
          { sku: 'IPOD2008PINK', title: 'IPod Nano - 8gb', quantity: 1, priceMinor: 19900 },
          { sku: '', title: 'Gift wrap', quantity: 3, priceMinor: 20 },
        ],
        paymentTransactionId: '120000123',
      },
    });
  });

  it('takes the exact id from the GraphQL id when the number is beyond 2^53', () => {
    const result = normaliseShopifyOrder(shopifyOrder({ id: 9007199254740992, admin_graphql_api_id: 'gid://shopify/Order/9007199254740993' }));
    expect(result).toMatchObject({ ok: true, externalId: 'order:9007199254740993', correlationId: undefined });
  });

  it('falls back to the order email and works without a customer, addresses or PayTrace id', () => {
    const result = normaliseShopifyOrder(shopifyOrder({ customer: null, billing_address: null, note_attributes: [], currency: 'JPY', total_price: '1200', line_items: [] }));
    expect(result.ok && result.event).toMatchObject({ totalMinor: 1200, customer: { email: 'bob.norman@example.com', firstName: '' }, billingAddress: null });
    expect(result.ok && 'paymentTransactionId' in result.event).toBe(false);
  });

  it('names the field that is wrong', () => {
    const fieldOf = (overrides: Record<string, unknown>) => {
      const result = normaliseShopifyOrder(shopifyOrder(overrides));
      return result.ok ? null : result.field;
    };
    expect(fieldOf({ total_price: 199.65 })).toBe('total_price');
    expect(fieldOf({ total_price: '199.655' })).toBe('total_price');
    expect(fieldOf({ created_at: 'yesterday' })).toBe('created_at');
    expect(fieldOf({ id: undefined })).toBe('id');
    expect(fieldOf({ line_items: [{ sku: 'A', title: 'A', quantity: 1, price: '1.001' }] })).toBe('line_items.0.price');
    expect(fieldOf({ line_items: [{ sku: 'A', title: 'A', quantity: -1, price: '1.00' }] })).toBe('line_items.0.quantity');
    expect(fieldOf({ note_attributes: [{ name: 'gift', value: 'yes' }, { name: 'paytrace_transaction_id', value: 'abc' }] })).toBe('note_attributes.1.value');
  });
});
