import { describe, expect, it } from 'vitest';
import { normaliseShopifyOrder } from '../webhooks/formats/shopify-orders.js';
import { verifyShopify } from '../webhooks/signatures.js';
import { passesLuhn } from '../platform/card-data/card-numbers.js';
import { orderTotalCents, SHOPPERS, shopifyHmac, shopifyOrderBody, shopOrderId } from './shopify-order.js';

const order = {
  id: 1_764_000_000_123,
  name: '#1001',
  createdAt: new Date('2026-11-02T15:04:05.000Z'),
  shopper: SHOPPERS[0],
  lines: [
    { sku: 'BRK-1001', title: 'Steel shelf bracket 8 in', quantity: 2, priceCents: 495 },
    { sku: 'CRT-7001', title: 'Utility cart 2 shelf', quantity: 1, priceCents: 18_900 },
  ],
};

describe("the demo shop's orders", () => {
  it('are orders/create bodies Settle reads as an order.created event', () => {
    const result = normaliseShopifyOrder(JSON.parse(JSON.stringify(shopifyOrderBody(order))));
    expect(result).toMatchObject({
      ok: true,
      source: 'shopify',
      externalId: 'order:1764000000123',
      event: {
        type: 'order.created',
        orderNumber: '#1001',
        totalMinor: 19_890,
        currency: 'USD',
        customer: { email: SHOPPERS[0].email, company: 'Vale Outfitters' },
        lines: [
          { sku: 'BRK-1001', quantity: 2, priceMinor: 495 },
          { sku: 'CRT-7001', quantity: 1, priceMinor: 18_900 },
        ],
      },
    });
    expect(orderTotalCents(order.lines)).toBe(19_890);
  });

  it('are signed as Shopify signs them', () => {
    const body = JSON.stringify(shopifyOrderBody(order));
    const secret = 'a'.repeat(64);
    expect(verifyShopify(Buffer.from(body), shopifyHmac(secret, body), [secret])).toEqual({ ok: true });
    expect(verifyShopify(Buffer.from(`${body} `), shopifyHmac(secret, body), [secret])).toMatchObject({ ok: false });
  });

  it('have 13-digit ids that do not look like card numbers', () => {
    for (let now = 1_795_701_035_000; now < 1_795_701_035_100; now++) {
      const id = shopOrderId(now);
      expect(String(id)).toHaveLength(13);
      expect(passesLuhn(String(id))).toBe(false);
      expect(id - now).toBeLessThan(10);
    }
  });
});
