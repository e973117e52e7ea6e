import { isUtf8 } from 'node:buffer';
import { withoutNulCharacters } from '../platform/database/storable-json.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../platform/http/json-depth.js';
import { redactCardData, redactCardNumbersInJson } from '../platform/card-data/redact-card-data.js';
import type { Normalised } from './formats/normalised.js';
import { normaliseSettleEvent } from './formats/settle-events.js';
import { normaliseShopifyOrder } from './formats/shopify-orders.js';
import { type SignatureCheck, type SignatureRefusal, verifyShopify, verifyStandardWebhook } from './signatures.js';
import type { WebhookFormatName } from './webhook-endpoint.rules.js';

export type Refusal = 'unknown_endpoint' | 'too_large' | 'not_utf8' | SignatureRefusal | 'malformed_json' | 'too_deeply_nested' | 'invalid_event';
export type Outcome = Refusal | 'accepted' | 'duplicate' | 'bad_request' | 'unavailable';

/** The HTTP status of each answer. Senders retry 5xx and (most) 4xx differently, so they are distinct. */
export const STATUS_OF: Record<Outcome, number> = {
  unknown_endpoint: 404,
  too_large: 413,
  not_utf8: 400,
  missing_signature: 401,
  bad_signature: 401,
  stale_timestamp: 400,
  malformed_json: 400,
  too_deeply_nested: 400,
  invalid_event: 422,
  bad_request: 400,
  accepted: 202,
  duplicate: 200,
  unavailable: 503,
};

export type RequestHeaders = Record<string, string | string[] | undefined>;

export type Valid = Extract<Normalised, { ok: true }>;

export type DeliveryCheck =
  | { ok: true; delivery: Valid; payload: unknown }
  | { ok: false; refusal: Refusal; message: string; field?: string };

const SIGNATURE_MESSAGES: Record<SignatureRefusal, string> = {
  missing_signature: 'the delivery is not signed',
  bad_signature: "the signature does not match the body under this endpoint's secret",
  stale_timestamp: 'webhook-timestamp is more than 5 minutes away from now; sign each delivery when it is sent',
};

/**
 * A delivery to a known endpoint, checked in order: signature over the raw bytes, then JSON, then
 * the format. Nothing here stores anything; a refusal names why. The `payload` it answers is the body
 * with every card number redacted, JSON numbers too: they are redacted in the text, before JSON.parse
 * rounds their digits away. The event is made from the body as sent; the inbox redacts it and
 * tokenises its ids.
 */
export function checkDelivery(format: WebhookFormatName, rawBody: Buffer, headers: RequestHeaders, secrets: readonly string[]): DeliveryCheck {
  // Before the signature: Standard Webhooks signs text, which bytes that are not UTF-8 are not, so
  // such a body could only ever fail as a bad signature, and its sender would never learn why.
  if (!isUtf8(rawBody)) return { ok: false, refusal: 'not_utf8', message: 'the body is not valid UTF-8' };
  const text = rawBody.toString('utf8');
  const signature = format === 'shopify_orders' ? verifyShopify(rawBody, header(headers, 'x-shopify-hmac-sha256'), secrets) : verifyStandard(text, headers, secrets);
  if (!signature.ok) return { ok: false, refusal: signature.refusal, message: SIGNATURE_MESSAGES[signature.refusal] };
  if (nestsDeeperThan(text)) return { ok: false, refusal: 'too_deeply_nested', message: `the body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep` };
  // Parsed once, here: signature checks never parse. NUL characters and lone surrogates ("\ud800"),
  // which PostgreSQL cannot store, become U+FFFD before anything reads the payload.
  let payload: unknown;
  try {
    payload = withoutNulCharacters(JSON.parse(text));
  } catch {
    return { ok: false, refusal: 'malformed_json', message: 'the body is not valid JSON' };
  }
  const normalised = normalise(format, payload, headers);
  if (!normalised.ok) return { ok: false, refusal: 'invalid_event', field: normalised.field, message: `${normalised.field}: ${normalised.message}` };
  return { ok: true, delivery: normalised, payload: redactedPayload(text, payload) };
}

/** The body as stored: card numbers redacted in the text (numbers) and in the parsed strings (escapes). */
function redactedPayload(text: string, parsed: unknown): unknown {
  const redacted = redactCardNumbersInJson(text);
  return redactCardData(redacted === text ? parsed : withoutNulCharacters(JSON.parse(redacted)));
}

function verifyStandard(text: string, headers: RequestHeaders, secrets: readonly string[]): SignatureCheck {
  const signed = { 'webhook-id': header(headers, 'webhook-id'), 'webhook-timestamp': header(headers, 'webhook-timestamp'), 'webhook-signature': header(headers, 'webhook-signature') };
  return verifyStandardWebhook(text, signed, secrets);
}

function normalise(format: WebhookFormatName, payload: unknown, headers: RequestHeaders): Normalised {
  if (format === 'shopify_orders') return normaliseShopifyOrder(payload, header(headers, 'x-shopify-webhook-id'));
  // The id is the sender's (signed) choice and becomes the inbox key: keep it to a sane length.
  const webhookId = header(headers, 'webhook-id')!;
  if (webhookId.length > 200) return { ok: false, field: 'webhook-id', message: 'must be at most 200 characters' };
  return normaliseSettleEvent(payload, webhookId);
}

/** Node lower-cases header names; a repeated header arrives as an array, of which the first counts. */
export function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
