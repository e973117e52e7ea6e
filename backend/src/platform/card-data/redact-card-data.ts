import { looksLikeCardNumber, REDACTED_CARD_NUMBER, scrubCardNumbers } from './card-numbers.js';

/**
 * No card number is persisted: before an inbound payload (or the event Settle made of it) is stored,
 * every 13–19 digit Luhn-valid number in it becomes REDACTED_CARD_NUMBER. It works on parsed values,
 * never on JSON text, so what comes out is always the same JSON shape with only values replaced.
 *
 * The rule, value by value:
 * - A **string**, under any key (free text, card-ish fields, numbers sent as text, even ids): every
 *   card-like digit run in it is redacted.
 * - A **JSON number** is redacted when it is a 13–19 digit Luhn-valid integer, and also when it is an
 *   integer beyond 2^53 of at most 19 digits: JSON.parse rounded it, so its real digits (maybe a card
 *   number's) can no longer be checked, and the rounded value would still leak most of them.
 * - Except **identifiers**: a number under an id-named key (`id`, `order_id`, `customerId`,
 *   `variant_ids`; not one naming a card), or a Shopify global id (`gid://shopify/Order/<digits>`)
 *   under one, is kept. Shopify's order, customer and line item ids are large integers and a tenth of
 *   them pass Luhn; they are ids, not cards.
 * - Keys the caller names in `identifiers` are kept whatever their value: fields that are ids by
 *   construction, such as the normalised event's transaction and order ids (the inbox's keys).
 *
 * The result follows JSON.stringify: toJSON() is applied (Dates become ISO strings) and undefined or
 * function members are dropped.
 */
export function redactCardData(value: unknown, identifiers: ReadonlySet<string> = NO_KEYS): unknown {
  return redactValue(value, '', identifiers);
}

/** An object's redacted copy (PayTrace export rows, events). */
export function redactCardNumbers(value: object, identifiers?: ReadonlySet<string>): Record<string, unknown> {
  return redactCardData(value, identifiers) as Record<string, unknown>;
}

const NO_KEYS: ReadonlySet<string> = new Set();
// `id`, `ids`, `order_id`, `variant_ids`, `customerId`, `orderIDs`; not `paid`, `valid`.
const ID_KEY = /^(?:id|ids|ID|IDs)$|_(?:id|ids|ID|IDs)$|[a-z0-9](?:Id|Ids|ID|IDs)$/;
const CARD_KEY = /card/i;
const SHOPIFY_GLOBAL_ID = /^gid:\/\/shopify\/[A-Za-z]+\/\d+$/;
const MAX_CARD_NUMBER = 1e19;

export function isIdentifierKey(key: string): boolean {
  return ID_KEY.test(key) && !CARD_KEY.test(key);
}

function redactValue(value: unknown, key: string, identifiers: ReadonlySet<string>): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  if (identifiers.has(key)) return value;
  if (typeof value === 'string') return redactString(value, key);
  if (typeof value === 'number') return isCardLikeNumber(value) && !isIdentifierKey(key) ? REDACTED_CARD_NUMBER : value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, key, identifiers));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(value)) {
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      copy[name] = redactValue(member, name, identifiers);
    }
    return copy;
  }
  return value;
}

function redactString(text: string, key: string): string {
  // Fast path: no run of 13 digits can hide in a shorter string.
  if (text.length < 13) return text;
  if (SHOPIFY_GLOBAL_ID.test(text) && isIdentifierKey(key)) return text;
  return scrubCardNumbers(text);
}

function isCardLikeNumber(value: number): boolean {
  if (!Number.isInteger(value)) return false;
  const magnitude = Math.abs(value);
  if (magnitude >= MAX_CARD_NUMBER) return false;
  if (!Number.isSafeInteger(magnitude)) return true;
  return magnitude >= 1e12 && looksLikeCardNumber(String(magnitude));
}
