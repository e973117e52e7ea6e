import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DeadlinePassed, postJson, type WebhookPostOptions } from './webhook-post.js';
import { NonPublicTarget } from './webhook-address.js';

/** A channel that does not answer within this is recorded as failed; the others are not held up. */
export const WEBHOOK_TIMEOUT_MS = 5_000;

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The Standard Webhooks headers for `body`: the receiver verifies id, timestamp and body together. */
export function signedHeaders(secret: string, id: string, body: string, at: Date): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}

/**
 * POSTs JSON signed per Standard Webhooks; resolves when the receiver answered 2xx, otherwise throws
 * an error saying what happened. Redirects are not followed: the signed URL is the only destination.
 * Unless `allowPrivate`, only public addresses are reached (webhook-address.ts).
 */
export async function postSignedWebhook(url: string, secret: string, id: string, payload: object, options: WebhookPostOptions): Promise<void> {
  const body = JSON.stringify(payload);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  let status: number;
  try {
    status = await postJson(new URL(url), signedHeaders(secret, id, body, new Date()), body, { ...options, timeoutMs });
  } catch (error) {
    const e = error as Error & { code?: string };
    if (e instanceof NonPublicTarget || e instanceof DeadlinePassed) throw new Error(e.message);
    throw new Error(e.code ?? e.message);
  }
  if (status < 200 || status > 299) throw new Error(`HTTP ${status}`);
}
