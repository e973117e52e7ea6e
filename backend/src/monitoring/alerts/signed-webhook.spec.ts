import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signedHeaders } from './signed-webhook.js';

describe('signed webhooks', () => {
  it('sign per Standard Webhooks, verifiable with the secret and nothing else', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = JSON.stringify({ text: 'hello' });
    const headers = signedHeaders(secret, 'alert-1', body, new Date());
    expect(headers['webhook-id']).toBe('alert-1');
    expect(new Webhook(secret).verify(body, headers)).toEqual({ text: 'hello' });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace('hello', 'hullo'), headers)).toThrow();
  });
});
