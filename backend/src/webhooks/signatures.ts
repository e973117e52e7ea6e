import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** Why a delivery was refused; each becomes a clear 4xx and is counted, never stored as an event. */
export type SignatureRefusal = 'missing_signature' | 'bad_signature' | 'stale_timestamp';

export type SignatureCheck = { ok: true } | { ok: false; refusal: SignatureRefusal };

/**
 * Shopify signs the raw body: `X-Shopify-Hmac-Sha256` is base64(HMAC-SHA256(secret, body)). During a
 * rotation both the new and the previous secret are accepted.
 */
export function verifyShopify(rawBody: Buffer, header: string | undefined, secrets: readonly string[]): SignatureCheck {
  if (!header) return { ok: false, refusal: 'missing_signature' };
  const given = Buffer.from(header.trim(), 'base64');
  const matches = secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  return matches ? { ok: true } : { ok: false, refusal: 'bad_signature' };
}

export interface StandardWebhookHeaders {
  'webhook-id'?: string;
  'webhook-timestamp'?: string;
  'webhook-signature'?: string;
}

/**
 * Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature), verified with the
 * `standardwebhooks` package: it also refuses timestamps more than five minutes off. Secrets are the
 * spec's `whsec_…` strings; both secrets verify during a rotation. `jsonParse: false`: the library
 * would otherwise JSON-parse a body whose signature matched, and the caller parses it once anyway
 * (and tells a signed body that is not JSON apart as malformed_json).
 */
export function verifyStandardWebhook(rawBody: string, headers: StandardWebhookHeaders, secrets: readonly string[]): SignatureCheck {
  if (!headers['webhook-id'] || !headers['webhook-timestamp'] || !headers['webhook-signature']) {
    return { ok: false, refusal: 'missing_signature' };
  }
  let refusal: SignatureRefusal = 'bad_signature';
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(rawBody, headers as Record<string, string>, { jsonParse: false });
      return { ok: true };
    } catch (error) {
      if (error instanceof WebhookVerificationError && /timestamp/i.test(error.message)) refusal = 'stale_timestamp';
    }
  }
  return { ok: false, refusal };
}

