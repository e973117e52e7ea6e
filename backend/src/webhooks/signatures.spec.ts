import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { verifyShopify, verifyStandardWebhook } from './signatures.js';

const body = JSON.stringify({ id: 820982911946154500, total_price: '199.00', currency: 'USD' });

describe('Shopify signatures', () => {
  const sign = (secret: string) => createHmac('sha256', secret).update(Buffer.from(body)).digest('base64');

  it('accepts the HMAC of the raw body under the current or the previous secret', () => {
    expect(verifyShopify(Buffer.from(body), sign('new-secret'), ['new-secret', 'old-secret'])).toEqual({ ok: true });
    expect(verifyShopify(Buffer.from(body), sign('old-secret'), ['new-secret', 'old-secret'])).toEqual({ ok: true });
  });

  it('refuses a wrong, missing or re-serialised body signature', () => {
    expect(verifyShopify(Buffer.from(body), sign('someone-else'), ['new-secret'])).toEqual({ ok: false, refusal: 'bad_signature' });
    expect(verifyShopify(Buffer.from(body), undefined, ['new-secret'])).toEqual({ ok: false, refusal: 'missing_signature' });
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body), null, 2));
    expect(verifyShopify(reserialised, sign('new-secret'), ['new-secret']).ok).toBe(false);
  });
});

describe('Standard Webhooks signatures', () => {
  const current = `whsec_${Buffer.from('current-signing-secret-32-bytes!!').toString('base64')}`;
  const previous = `whsec_${Buffer.from('previous-signing-secret-32-bytes').toString('base64')}`;
  const headersFor = (secret: string, at: Date) => {
    const id = 'msg_2Kq8';
    const timestamp = Math.floor(at.getTime() / 1000);
    return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': new Webhook(secret).sign(id, at, body) };
  };

  it('accepts a fresh delivery signed with either secret of a rotation', () => {
    expect(verifyStandardWebhook(body, headersFor(current, new Date()), [current, previous])).toEqual({ ok: true });
    expect(verifyStandardWebhook(body, headersFor(previous, new Date()), [current, previous])).toEqual({ ok: true });
  });

  it('refuses stale timestamps, wrong secrets and missing headers, each for its own reason', () => {
    const stale = headersFor(current, new Date(Date.now() - 10 * 60_000));
    expect(verifyStandardWebhook(body, stale, [current])).toEqual({ ok: false, refusal: 'stale_timestamp' });
    expect(verifyStandardWebhook(body, headersFor(previous, new Date()), [current])).toEqual({ ok: false, refusal: 'bad_signature' });
    expect(verifyStandardWebhook(body, { 'webhook-id': 'x' }, [current])).toEqual({ ok: false, refusal: 'missing_signature' });
    expect(verifyStandardWebhook(`${body} `, headersFor(current, new Date()), [current])).toEqual({ ok: false, refusal: 'bad_signature' });
  });

  it('verifies the signature without parsing the body, so a signed body that is not JSON still verifies', () => {
    const notJson = '{"type": "payment.approved"';
    const at = new Date();
    const headers = { 'webhook-id': 'msg_3', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(current).sign('msg_3', at, notJson) };
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect(verifyStandardWebhook(body, headersFor(current, new Date()), [previous, current])).toEqual({ ok: true });
      expect(verifyStandardWebhook(notJson, headers, [current])).toEqual({ ok: true });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});
