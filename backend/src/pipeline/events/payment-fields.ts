/**
 * The payer's own texts on a payment event (`event.fields`), kept so a flow's match step can read
 * whichever one a merchant's payers actually use: `fields.description` with a regular expression,
 * `fields.customer_reference_id` as a PO number, `fields.metadata.customer_po` from a partner. The
 * event's `documentNumber` stays the one text the integration's reference rule picked, so flows
 * that never name a field match exactly as before.
 *
 * Card numbers: none survives. PayTrace rows are redacted before the event is made of them, and the
 * inbox redacts every event (inbox.service.ts) before it is stored.
 */
import type { PaymentFields } from './settle-event.js';

/** A text is kept to its first 255 characters: PayTrace's description is at most 255, Sage Pro keys 20. */
export const MAX_FIELD_TEXT = 255;
/** A partner event carries at most this many metadata values. */
export const MAX_METADATA_ENTRIES = 20;
/** A metadata key: a letter, then up to 39 letters, digits or underscores (readable as a path step). */
export const METADATA_KEY = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** The names under `fields`, as a person writes them in a rule. */
export const PAYMENT_FIELD_TEXTS = ['invoice_id', 'customer_reference_id', 'description', 'invoice_number', 'order_number'] as const;
export type PaymentFieldText = (typeof PAYMENT_FIELD_TEXTS)[number];

export type FieldTexts = { [Name in PaymentFieldText]?: unknown } & { metadata?: Record<string, unknown> };

/** A text as an event keeps it: trimmed and capped; anything empty or not text is left out. */
export function fieldText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!text) return undefined;
  if (text.length <= MAX_FIELD_TEXT) return text;
  // Never end on half a surrogate pair (PostgreSQL cannot store a lone one).
  const end = isHighSurrogate(text.charCodeAt(MAX_FIELD_TEXT - 1)) ? MAX_FIELD_TEXT - 1 : MAX_FIELD_TEXT;
  return text.slice(0, end).trimEnd();
}

/**
 * The fields of an event from the texts a source carried; undefined when none is left. Metadata keys
 * that are not METADATA_KEY are dropped (the partner format refuses them first), and only the first
 * MAX_METADATA_ENTRIES values are kept.
 */
export function payerFields(texts: FieldTexts): PaymentFields | undefined {
  const fields: PaymentFields = {};
  for (const name of PAYMENT_FIELD_TEXTS) {
    const text = fieldText(texts[name]);
    if (text) fields[name] = text;
  }
  const metadata: Record<string, string> = {};
  let kept = 0;
  for (const [key, value] of Object.entries(texts.metadata ?? {})) {
    const text = fieldText(value);
    if (!text || !METADATA_KEY.test(key) || kept >= MAX_METADATA_ENTRIES) continue;
    metadata[key] = text;
    kept++;
  }
  if (kept) fields.metadata = metadata;
  return Object.keys(fields).length ? fields : undefined;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
