import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, postSignedWebhook, signedHeaders } from './signed-webhook.js';

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

  it('refuses a literal non-public address before any connection, unless private targets are allowed', async () => {
    const secret = newWebhookSecret();
    const refused = (url: string) => postSignedWebhook(url, secret, 'alert-1', { text: 'x' }, { allowPrivate: false });
    await expect(refused('http://127.0.0.1:9/hook')).rejects.toThrow('refused: 127.0.0.1 is not a public address');
    await expect(refused('http://169.254.169.254/latest/meta-data')).rejects.toThrow('refused: 169.254.169.254 is not a public address');
    await expect(refused('http://[::ffff:10.0.0.1]/hook')).rejects.toThrow(/^refused: ::ffff:a00:1 is not a public address/);
    // Allowed, the same target is really tried: port 9 (discard) is closed here.
    await expect(postSignedWebhook('http://127.0.0.1:9/hook', secret, 'alert-1', { text: 'x' }, { allowPrivate: true })).rejects.toThrow('ECONNREFUSED');
  });
});
