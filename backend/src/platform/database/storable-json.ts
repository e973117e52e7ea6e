/**
 * PostgreSQL stores no U+0000 in text or jsonb ("unsupported Unicode escape sequence"), yet JSON may
 * carry one. A delivery or export row with a NUL in some note would then fail every time it is sent
 * again, and never be accepted. So, before such values are stored, each NUL in a string or an object
 * key becomes U+FFFD, the replacement character; nothing else changes.
 */
export const NUL_REPLACEMENT = '\uFFFD';

const NUL = /\u0000/g;
/** How JSON.stringify writes a NUL (a string holding a backslash and "u0000" also matches: harmless). */
const ESCAPED_NUL = '\\u0000';

/** A copy of a JSON value (objects and arrays rebuilt) with every NUL replaced. */
export function withoutNulCharacters<T>(value: T): T {
  return replaceNul(value) as T;
}

/** JSON text without NUL characters: one substring search, and a rebuild only when one is there. */
export function storableJsonText(json: string): string {
  return json.includes(ESCAPED_NUL) ? JSON.stringify(withoutNulCharacters(JSON.parse(json))) : json;
}

function replaceNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replace(NUL, NUL_REPLACEMENT) : value;
  if (Array.isArray(value)) return value.map(replaceNul);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) copy[replaceNul(key) as string] = replaceNul(member);
  return copy;
}
