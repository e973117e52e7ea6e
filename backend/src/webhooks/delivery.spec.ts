import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { checkDelivery, header } from './delivery.js';

const shopifySecret = 'shop-secret';
const partnerSecret = `whsec_${Buffer.from('partner-signing-secret-24b').toString('base64')}`;
const order = { id: 450789469, name: '#1001', created_at: '2026-03-01T09:15:00-05:00', currency: 'USD', total_price: '10.00', line_items: [] };
const payment = { type: 'payment.approved', data: { transaction_id: '120000123', amount: { minor: 1000, currency: 'USD' }, occurred_at: '2026-03-01T09:15:00Z' } };

const shopify = (body: string, secret = shopifySecret) => ({
  'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
  'x-shopify-webhook-id': 'shop-delivery-1',
});
const standard = (body: string, secret = partnerSecret, id = 'msg_1', at = new Date()) => ({
  'webhook-id': id,
  'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
  'webhook-signature': new Webhook(secret).sign(id, at, body),
});

describe('checkDelivery', () => {
  it('accepts a signed Shopify order and a signed partner event', () => {
    const orderBody = JSON.stringify(order);
    expect(checkDelivery('shopify_orders', Buffer.from(orderBody), shopify(orderBody), [shopifySecret])).toMatchObject({
      ok: true,
      payload: order,
      delivery: { source: 'shopify', externalId: 'order:450789469', correlationId: 'shop-delivery-1', event: { type: 'order.created', totalMinor: 1000 } },
    });
    const paymentBody = JSON.stringify(payment);
    expect(checkDelivery('settle_events', Buffer.from(paymentBody), standard(paymentBody), [partnerSecret])).toMatchObject({
      ok: true,
      delivery: { source: 'partner', externalId: 'msg_1', event: { type: 'payment.approved', transactionId: '120000123' } },
    });
  });

  it('checks the signature before the JSON and the JSON before the format', () => {
    const broken = '{"id": 450789469,';
    expect(checkDelivery('shopify_orders', Buffer.from(broken), {}, [shopifySecret])).toMatchObject({ ok: false, refusal: 'missing_signature' });
    expect(checkDelivery('shopify_orders', Buffer.from(broken), shopify(broken, 'guess'), [shopifySecret])).toMatchObject({ ok: false, refusal: 'bad_signature' });
    expect(checkDelivery('shopify_orders', Buffer.from(broken), shopify(broken), [shopifySecret])).toMatchObject({ ok: false, refusal: 'malformed_json' });
    const partnerBroken = '{"type": "payment.approved"';
    expect(checkDelivery('settle_events', Buffer.from(partnerBroken), standard(partnerBroken), [partnerSecret])).toMatchObject({ ok: false, refusal: 'malformed_json' });
    expect(checkDelivery('settle_events', Buffer.from(partnerBroken), standard(partnerBroken, `whsec_${Buffer.from('someone-else').toString('base64')}`), [partnerSecret])).toMatchObject({ refusal: 'bad_signature' });
    const wrong = JSON.stringify({ ...order, total_price: 10 });
    expect(checkDelivery('shopify_orders', Buffer.from(wrong), shopify(wrong), [shopifySecret])).toMatchObject({ ok: false, refusal: 'invalid_event', field: 'total_price' });
  });

  it('refuses stale partner deliveries and names a bad field by its path', () => {
    const body = JSON.stringify(payment);
    const stale = standard(body, partnerSecret, 'msg_2', new Date(Date.now() - 6 * 60_000));
    expect(checkDelivery('settle_events', Buffer.from(body), stale, [partnerSecret])).toMatchObject({ ok: false, refusal: 'stale_timestamp' });
    const bad = JSON.stringify({ ...payment, data: { ...payment.data, amount: { minor: -1, currency: 'USD' } } });
    expect(checkDelivery('settle_events', Buffer.from(bad), standard(bad), [partnerSecret])).toMatchObject({
      ok: false,
      refusal: 'invalid_event',
      field: 'data.amount.minor',
      message: expect.stringMatching(/^data\.amount\.minor: /),
    });
    const longId = 'x'.repeat(201);
    expect(checkDelivery('settle_events', Buffer.from(body), standard(body, partnerSecret, longId), [partnerSecret])).toMatchObject({ refusal: 'invalid_event', field: 'webhook-id' });
  });

  it('refuses a body that is not UTF-8 before its signature, which covers text', () => {
    const bytes = Buffer.concat([Buffer.from('{"type":"payment.approved","note":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const signed = { ...standard('ignored'), 'x-shopify-hmac-sha256': createHmac('sha256', shopifySecret).update(bytes).digest('base64') };
    expect(checkDelivery('settle_events', bytes, signed, [partnerSecret])).toMatchObject({ ok: false, refusal: 'not_utf8', message: 'the body is not valid UTF-8' });
    expect(checkDelivery('shopify_orders', bytes, signed, [shopifySecret])).toMatchObject({ ok: false, refusal: 'not_utf8' });
  });

  it('refuses a signed body nested deeper than the limit without parsing it', () => {
    const deep = `{"type":"payment.approved","data":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    expect(checkDelivery('settle_events', Buffer.from(deep), standard(deep), [partnerSecret])).toMatchObject({ ok: false, refusal: 'too_deeply_nested' });
    expect(checkDelivery('settle_events', Buffer.from(deep), {}, [partnerSecret])).toMatchObject({ ok: false, refusal: 'missing_signature' });
  });

  it('turns lone surrogates and NUL characters into U+FFFD before the format reads them', () => {
    const body = JSON.stringify({ ...payment, data: { ...payment.data, invoice_number: '10\uD80042', memo: 'x\u0000\uDC00' } });
    expect(body).toContain('\\ud800');
    const check = checkDelivery('settle_events', Buffer.from(body), standard(body), [partnerSecret]);
    expect(check).toMatchObject({ ok: true, payload: { data: { invoice_number: '10\uFFFD42', memo: 'x\uFFFD\uFFFD' } } });
  });

  it('reads the first of a repeated header', () => {
    expect(header({ 'webhook-id': ['a', 'b'] }, 'webhook-id')).toBe('a');
    expect(header({}, 'webhook-id')).toBeUndefined();
  });
});
