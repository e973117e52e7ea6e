import { containsCardNumber, REDACTED_CARD_NUMBER, scrubCardNumbers } from './card-numbers.js';

/**
 * No card number is persisted, logged or sent on: every card number (see card-numbers.ts) in a value
 * becomes REDACTED_CARD_NUMBER, keeping the JSON shape.
 *
 * Inbound JSON is redacted twice, because each pass sees what the other cannot:
 * - `redactCardNumbersInJson` on the raw text, before JSON.parse: a JSON number with more than 15
 *   digits loses digits when parsed (a 19-digit card number parses to a rounded double), so only the
 *   text still has them. A number holding a card number becomes the string REDACTED_CARD_NUMBER.
 * - `redactCardData` on the parsed value: strings whose escapes (`\u0034`) hid digits from the text.
 *
 * `redactCardData`, value by value:
 * - a **string**, under any key: every card number in it is redacted;
 * - a **number**: redacted when its digits hold a card number, and when it is an integer beyond 2^53 of
 *   at most 19 digits that is not under an id-named key (JSON.parse rounded it, so its real digits can
 *   no longer be checked; a Shopify id under `id` is such a number and stays);
 * - keys the caller names in `identifiers` are kept whatever their value: ids the caller has already
 *   replaced with keyed tokens (card-id-tokens.ts).
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

/** JSON text parsed with every card number redacted, JSON numbers included (see above). */
export function parseRedactedJson(text: string): unknown {
  return redactCardData(JSON.parse(redactCardNumbersInJson(text)));
}

const NO_KEYS: ReadonlySet<string> = new Set();
// `id`, `ids`, `order_id`, `variant_ids`, `customerId`, `orderIDs`; not `paid`, `valid`.
const ID_KEY = /^(?:id|ids|ID|IDs)$|_(?:id|ids|ID|IDs)$|[a-z0-9](?:Id|Ids|ID|IDs)$/;
const CARD_KEY = /card/i;
const MAX_CARD_NUMBER = 1e19;

export function isIdentifierKey(key: string): boolean {
  return ID_KEY.test(key) && !CARD_KEY.test(key);
}

function redactValue(value: unknown, key: string, identifiers: ReadonlySet<string>): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  if (identifiers.has(key)) return value;
  if (typeof value === 'string') return value.length < 13 ? value : scrubCardNumbers(value);
  if (typeof value === 'number') return isCardLikeNumber(value, key) ? REDACTED_CARD_NUMBER : value;
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

function isCardLikeNumber(value: number, key: string): boolean {
  if (!Number.isFinite(value)) return false;
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) && magnitude < MAX_CARD_NUMBER && !Number.isSafeInteger(magnitude) && !isIdentifierKey(key)) return true;
  return magnitude >= 1e-7 && containsCardNumber(String(magnitude));
}

/**
 * JSON text with every card number redacted: a number holding one becomes the string
 * REDACTED_CARD_NUMBER, and card numbers inside strings are replaced (escape sequences are left as
 * they are). Valid JSON in, valid JSON out; one pass, so it is cheap enough for every log line.
 */
export function redactCardNumbersInJson(text: string): string {
  if (text.length < 13) return text;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 34 /* " */) {
      const end = endOfString(text, i);
      const inner = text.slice(i + 1, end);
      const scrubbed = scrubStringContent(inner);
      if (scrubbed !== inner) {
        out += text.slice(copied, i + 1) + scrubbed;
        copied = end;
      }
      i = end + 1;
    } else if (code === 45 /* - */ || (code >= 48 && code <= 57)) {
      NUMBER.lastIndex = i;
      const token = NUMBER.exec(text)?.[0] ?? text[i];
      if (token.length >= 13 && containsCardNumber(token.replace(/[-+eE]/g, ' '))) {
        out += `${text.slice(copied, i)}"${REDACTED_CARD_NUMBER}"`;
        copied = i + token.length;
      }
      i += token.length;
    } else {
      i++;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The index of the quote that closes the string opening at `start` (or the text's end). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 92 /* \ */) i += 2;
    else if (code === 34) return i;
    else i++;
  }
  return text.length;
}

/** Card numbers in a JSON string's raw content; an escape sequence splits the text around it. */
function scrubStringContent(inner: string): string {
  if (inner.length < 13) return inner;
  if (!inner.includes('\\')) return scrubCardNumbers(inner);
  return inner
    .split(ESCAPE)
    .map((part, index) => (index % 2 === 1 ? part : scrubCardNumbers(part)))
    .join('');
}
const ESCAPE = /(\\u[0-9a-fA-F]{4}|\\.)/;
