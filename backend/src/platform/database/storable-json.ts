/**
 * PostgreSQL stores no U+0000 in text or jsonb ("unsupported Unicode escape sequence"), and jsonb no
 * lone UTF-16 surrogate either ("\ud800" with no partner: not a character at all), yet JSON may
 * carry both. A delivery or export row holding one in some note would then fail every time it is
 * sent again, and never be accepted. So, before such values are stored, each NUL and each lone
 * surrogate in a string or an object key becomes U+FFFD, the replacement character; nothing else
 * changes.
 */
export const NUL_REPLACEMENT = '\uFFFD';

/** A high surrogate with no low one after it, or a low one with no high one before it. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A NUL or a lone surrogate. */
const UNSTORABLE = new RegExp(`\\u0000|${LONE_SURROGATE.source}`, 'g');
const HAS_UNSTORABLE = new RegExp(UNSTORABLE.source);
/**
 * How JSON.stringify writes a NUL or a lone surrogate (it writes paired ones as they are). A string
 * holding a backslash and "u0000" or "ud800" also matches: harmless, the text is only rebuilt.
 */
const ESCAPED_UNSTORABLE = /\\u(?:0000|[dD][89a-fA-F])/;

/** The string with each NUL and lone surrogate replaced by U+FFFD (the same string when it has none). */
export function storableString(text: string): string {
  return HAS_UNSTORABLE.test(text) ? text.replace(UNSTORABLE, NUL_REPLACEMENT) : text;
}

/** A copy of a JSON value (objects and arrays rebuilt) with every NUL and lone surrogate replaced. */
export function withoutNulCharacters<T>(value: T): T {
  return replaceUnstorable(value) as T;
}

/** JSON text PostgreSQL can store: one pattern search, and a rebuild only when it finds something. */
export function storableJsonText(json: string): string {
  return ESCAPED_UNSTORABLE.test(json) ? JSON.stringify(withoutNulCharacters(JSON.parse(json))) : json;
}

function replaceUnstorable(value: unknown): unknown {
  if (typeof value === 'string') return storableString(value);
  if (Array.isArray(value)) return value.map(replaceUnstorable);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) copy[storableString(key)] = replaceUnstorable(member);
  return copy;
}
