import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

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
 */
export async function postSignedWebhook(url: string, secret: string, id: string, payload: object, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<void> {
  const body = JSON.stringify(payload);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(secret, id, body, new Date()) },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') throw new Error(`no answer within ${timeoutMs / 1000} s`);
    throw new Error(e.cause?.code ?? e.cause?.message ?? e.message);
  }
  await response.body?.cancel().catch(() => undefined);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}
